package io.stocksync.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigResolverTest {
  @TempDir Path dir;

  @Test
  void defaultsToSqliteUnderTheDataDirectoryOnLoopback() {
    ServerConfig c = new ConfigResolver(Map.of(), Map.of()).resolve();

    assertThat(c.db()).isEqualTo(Path.of("stocksync-data", "stocksync.db").toString());
    assertThat(c.bind()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.maxBody()).isEqualTo(16L << 20);
    assertThat(c.secretKey()).isNull();
    assertThat(c.partitions()).isEqualTo(1);
  }

  @Test
  void aFlagWinsOverTheEnvironmentWhichWinsOverTheFile() throws Exception {
    Path file = dir.resolve("stocksync.properties");
    Files.writeString(file, "port=1111\nbind=0.0.0.0\nmaxBody=1MiB\ndataDir=/from/file\n");
    Map<String, String> env =
        Map.of(
            "STOCKSYNC_CONFIG",
            file.toString(),
            "STOCKSYNC_PORT",
            "2222",
            "STOCKSYNC_MAX_BODY",
            "2MiB");
    Map<String, String> flags = new HashMap<>();
    flags.put("--port", "3333");
    flags.put("--bind", null);

    ServerConfig c = new ConfigResolver(flags, env).resolve();

    assertThat(c.port()).isEqualTo(3333);
    assertThat(c.maxBody()).isEqualTo(2L << 20);
    assertThat(c.bind()).isEqualTo("0.0.0.0");
    assertThat(c.dataDir()).isEqualTo(Path.of("/from/file"));
    assertThat(c.db()).isEqualTo(Path.of("/from/file", "stocksync.db").toString());
  }

  @Test
  void thePublicAddressIsAnHttpAddressWithoutItsTrailingSlashAndAbsentByDefault() {
    assertThat(new ConfigResolver(Map.of(), Map.of()).resolve().publicUrl()).isNull();
    assertThat(
            new ConfigResolver(
                    Map.of(), Map.of("STOCKSYNC_PUBLIC_URL", "https://stock.example.com/ss/"))
                .resolve()
                .publicUrl())
        .isEqualTo("https://stock.example.com/ss");
    assertThatThrownBy(
            () ->
                new ConfigResolver(Map.of("--public-url", "ftp://stock.example.com"), Map.of())
                    .resolve())
        .hasMessageContaining("--public-url");
    assertThatThrownBy(
            () ->
                new ConfigResolver(Map.of("--public-url", "https://x.example.com/?a=1"), Map.of())
                    .resolve())
        .hasMessageContaining("without query");
  }

  @Test
  void namesTheSourceOfABadValueAndRefusesUnknownFileSettings() throws Exception {
    assertThatThrownBy(
            () -> new ConfigResolver(Map.of(), Map.of("STOCKSYNC_PORT", "eighty")).resolve())
        .hasMessageContaining("STOCKSYNC_PORT");
    assertThatThrownBy(() -> new ConfigResolver(Map.of("--max-body", "-5"), Map.of()).resolve())
        .hasMessageContaining("--max-body");
    Path file = dir.resolve("typo.properties");
    Files.writeString(file, "prot=8080\n");
    assertThatThrownBy(() -> new ConfigResolver(Map.of("--config", file.toString()), Map.of()))
        .hasMessageContaining("unknown setting 'prot'");
  }

  @Test
  void refusesAnUnknownStocksyncEnvironmentVariableAndNamesIt() {
    assertThatThrownBy(() -> new ConfigResolver(Map.of(), Map.of("STOCKSYNC_PROT", "8080")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown environment variable STOCKSYNC_PROT")
        .hasMessageContaining("STOCKSYNC_PORT");
  }

  @Test
  void acceptsTheEnvironmentVariablesReadOutsideTheResolverAndOtherPrograms() {
    Map<String, String> env = new HashMap<>();
    ConfigResolver.OTHER_ENV.forEach(name -> env.put(name, ""));
    env.put("STOCKSYNC_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    env.put("HOME", "/root");
    env.put("PORT", "not ours");

    assertThat(new ConfigResolver(Map.of(), env).resolve().port()).isEqualTo(8080);
  }

  @Test
  void describesTheStoreAsAnAbsolutePathOrAUrlWithoutItsPassword() {
    ServerConfig sqlite = new ConfigResolver(Map.of("--db", "rel/s.db"), Map.of()).resolve();
    ServerConfig sqliteUrl =
        new ConfigResolver(Map.of("--db", "jdbc:sqlite:rel/s.db?synchronous=NORMAL"), Map.of())
            .resolve();
    ServerConfig postgres =
        new ConfigResolver(
                Map.of("--db", "jdbc:postgresql://db:5432/stock?user=u&password=s3cret&ssl=true"),
                Map.of())
            .resolve();

    String absolute = Path.of("rel/s.db").toAbsolutePath().normalize().toString();
    assertThat(sqlite.storeDescription()).isEqualTo("SQLite " + absolute);
    assertThat(sqliteUrl.storeDescription()).isEqualTo("SQLite " + absolute);
    assertThat(postgres.storeDescription())
        .isEqualTo("PostgreSQL jdbc:postgresql://db:5432/stock?user=u&password=***&ssl=true");
    assertThat(postgres.toString()).doesNotContain("s3cret");
  }

  @Test
  void neverShowsTheSecretKeyInItsDescription() {
    ServerConfig c =
        new ConfigResolver(Map.of("--secret-key", "c2VjcmV0LXZhbHVl"), Map.of()).resolve();

    assertThat(c.toString()).doesNotContain("c2VjcmV0LXZhbHVl");
  }

  @Test
  void readsSizesAsPeopleWriteThem() {
    assertThat(ByteSize.parse("16MiB")).isEqualTo(16L << 20);
    assertThat(ByteSize.parse("512 KiB")).isEqualTo(512L << 10);
    assertThat(ByteSize.parse("1048576")).isEqualTo(1L << 20);
    assertThatThrownBy(() -> ByteSize.parse("lots")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ByteSize.parse("0")).isInstanceOf(IllegalArgumentException.class);
  }
}
