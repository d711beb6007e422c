package io.stocksync.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.stocksync.core.inventory.AccountState;
import io.stocksync.server.account.Accounts;
import io.stocksync.server.config.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation stands alone and tells the truth about the limits: README.md and every page
 * under docs/ link only to files of this repository (and their headings), point nowhere outside it,
 * and state the code's own bounds.
 */
class DocumentationTest {

  /** The repository's root: the tests run in the stocksync-server module's directory. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static final Pattern INLINE_LINK =
      Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]*)[^)]*\\)");
  private static final Pattern REFERENCE_LINK =
      Pattern.compile("(?m)^\\s{0,3}\\[[^\\]]+\\]:\\s*(\\S+)");
  private static final Pattern AUTOLINK = Pattern.compile("<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\\s]+)>");
  private static final Pattern URL = Pattern.compile("\\bhttps?://[^\\s)`'\"<>|\\]]+");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
  private static final Pattern PARENT_PATH = Pattern.compile("(?<![\\w./])((?:\\.\\./)+[\\w./-]*)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");
  private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

  /** A page: its path, its prose (code blanked out) and its code (spans and blocks). */
  private record Page(Path path, String prose, String code) {
    String name() {
      return ROOT.relativize(path).toString();
    }
  }

  private static List<Page> pages() throws IOException {
    List<Path> paths = new ArrayList<>();
    paths.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(paths::add);
    }
    List<Page> pages = new ArrayList<>();
    for (Path p : paths) {
      pages.add(split(p, Files.readString(p)));
    }
    assertThat(pages).hasSizeGreaterThan(5);
    return pages;
  }

  /** Separates code (fenced blocks, inline spans) from prose, keeping the prose's lines. */
  private static Page split(Path path, String text) {
    StringBuilder prose = new StringBuilder();
    StringBuilder code = new StringBuilder();
    boolean fenced = false;
    for (String line : text.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        prose.append('\n');
        continue;
      }
      if (fenced) {
        code.append(line).append('\n');
        prose.append('\n');
        continue;
      }
      Matcher m = INLINE_CODE.matcher(line);
      StringBuilder kept = new StringBuilder();
      while (m.find()) {
        code.append(m.group()).append('\n');
        m.appendReplacement(kept, " ");
      }
      m.appendTail(kept);
      prose.append(kept).append('\n');
    }
    return new Page(path, prose.toString(), code.toString());
  }

  private static boolean loopback(String url) {
    String host = URI.create(url.replace("{", "%7B").replace("}", "%7D")).getHost();
    return host != null && LOOPBACK.contains(host.toLowerCase(Locale.ROOT));
  }

  /** GitHub's anchors for the headings of a page: lower case, punctuation dropped, dashes. */
  private static Set<String> anchors(Path page) throws IOException {
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new TreeMap<>();
    // Headings outside fenced code; a heading's inline code keeps its text.
    Matcher m = HEADING.matcher(Files.readString(page).replaceAll("(?ms)^```.*?^```", ""));
    while (m.find()) {
      String slug =
          m.group(1)
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N} _-]", "")
              .replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum);
      anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
    }
    return anchors;
  }

  private static List<String> links(Page page) {
    List<String> links = new ArrayList<>();
    for (Pattern p : List.of(INLINE_LINK, REFERENCE_LINK, AUTOLINK)) {
      Matcher m = p.matcher(page.prose());
      while (m.find()) {
        links.add(m.group(1));
      }
    }
    return links;
  }

  @Test
  void everyLinkResolvesToAFileOfTheRepositoryAndAHeadingOfIt() throws IOException {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Page page : pages()) {
      for (String link : links(page)) {
        checked++;
        if (SCHEME.matcher(link).find()) {
          if (!(link.startsWith("http") && loopback(link))) {
            broken.add(page.name() + ": " + link + " leaves the repository");
          }
          continue;
        }
        int hash = link.indexOf('#');
        String file = hash < 0 ? link : link.substring(0, hash);
        String anchor = hash < 0 ? null : link.substring(hash + 1);
        Path target =
            file.isEmpty() ? page.path() : page.path().getParent().resolve(file).normalize();
        if (!target.startsWith(ROOT)) {
          broken.add(page.name() + ": " + link + " points outside the repository");
        } else if (!Files.exists(target)) {
          broken.add(page.name() + ": " + link + " names no file");
        } else if (anchor != null
            && target.toString().endsWith(".md")
            && !anchors(target).contains(anchor)) {
          broken.add(page.name() + ": " + link + " names no heading of " + ROOT.relativize(target));
        }
      }
    }
    assertThat(checked).as("links found").isPositive();
    assertThat(broken).isEmpty();
  }

  @Test
  void noPagePointsOutsideTheRepository() throws IOException {
    List<String> outside = new ArrayList<>();
    for (Page page : pages()) {
      Matcher url = URL.matcher(page.prose());
      while (url.find()) {
        if (!loopback(url.group())) {
          outside.add(page.name() + ": " + url.group());
        }
      }
      for (String text : List.of(page.prose(), page.code())) {
        Matcher parent = PARENT_PATH.matcher(text);
        while (parent.find()) {
          Path target = page.path().getParent().resolve(parent.group(1)).normalize();
          if (!target.startsWith(ROOT)) {
            outside.add(page.name() + ": " + parent.group(1));
          }
        }
        // The behaviour specification the project was built from is not in the repository.
        Matcher spec = Pattern.compile("SPEC(\\.md| ?§)").matcher(text);
        while (spec.find()) {
          outside.add(page.name() + ": " + spec.group());
        }
      }
    }
    assertThat(outside).isEmpty();
  }

  @Test
  void theDocsStateTheCodesQuantityBoundAndNoOther() throws IOException {
    long bound = AccountState.MAX_UNITS;
    int exponent = (int) Math.round(Math.log10(bound));
    assertThat(Math.pow(10, exponent)).as("MAX_UNITS is a power of ten").isEqualTo((double) bound);
    List<String> stated = new ArrayList<>();
    for (Page page : pages()) {
      Matcher m = Pattern.compile("10\\^(\\d+)").matcher(page.prose() + page.code());
      while (m.find()) {
        stated.add(page.name() + ": 10^" + m.group(1));
      }
    }

    assertThat(stated)
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s).endsWith(": 10^" + exponent))
        .anySatisfy(s -> assertThat(s).startsWith("docs/api.md"));
  }

  @Test
  void theLimitsTableStatesTheCodesOtherBounds() throws IOException {
    String api = Files.readString(ROOT.resolve("docs/api.md"));

    assertThat(api)
        .contains("at most 10^" + Math.round(Math.log10(AccountState.MAX_UNITS)) + " units")
        .contains("| an event's `id` | 1 to " + AccountState.MAX_ID_LENGTH + " characters")
        .contains("`ID_TOO_LONG` (over " + AccountState.MAX_ID_LENGTH + " characters)")
        .contains("1 to " + Accounts.MAX_NAME_LENGTH + " characters |")
        .contains(
            "| a request body | " + (ServerConfig.DEFAULT_MAX_BODY >> 20) + " MiB by default");
  }
}
