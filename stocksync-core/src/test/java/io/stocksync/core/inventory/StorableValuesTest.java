package io.stocksync.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of SPEC §6 (what the store can hold) and §7 (how a code is normalised). */
class StorableValuesTest {

  // ---------------------------------------------------------------- text

  @Test
  void acceptsTextWithLettersOfAnyScriptAndSurrogatePairs() {
    assertThat(StorableValues.problemWithText("Blue mug · 青いマグ · \uD83D\uDE00", 1000)).isNull();
  }

  @Test
  void refusesANulNamingWhereItIs() {
    assertThat(StorableValues.problemWithText("ab\u0000c", 1000))
        .contains("NUL")
        .contains("index 2");
  }

  @Test
  void refusesALoneHighSurrogateAtTheEnd() {
    assertThat(StorableValues.problemWithText("x\uD800", 1000))
        .contains("lone surrogate U+D800")
        .contains("index 1");
  }

  @Test
  void refusesALoneLowSurrogate() {
    assertThat(StorableValues.problemWithText("\uDC00x", 1000)).contains("lone surrogate U+DC00");
  }

  @Test
  void refusesASurrogatePairInTheWrongOrder() {
    assertThat(StorableValues.problemWithText("\uDE00\uD83D", 1000)).contains("lone surrogate");
  }

  @Test
  void refusesControlCharactersSuchAsTabsLineBreaksAndDel() {
    for (String s : new String[] {"a\tb", "a\nb", "a\rb", "a\u007Fb", "a\u0085b", "\u001B[31m"}) {
      assertThat(StorableValues.problemWithText(s, 1000)).as(s).contains("control characters");
    }
  }

  @Test
  void countsTheLengthInUtf16CodeUnitsUpToTheLimitIncluded() {
    assertThat(StorableValues.problemWithText("x".repeat(200), 200)).isNull();
    assertThat(StorableValues.problemWithText("x".repeat(201), 200))
        .isEqualTo("must be at most 200 characters");
  }

  @Test
  void leavesAMissingTextToTheCallersRule() {
    assertThat(StorableValues.problemWithText(null, 10)).isNull();
  }

  @Provide
  Arbitrary<String> anyUtf16() {
    // Every UTF-16 code unit, surrogates and controls included, in short strings.
    return Arbitraries.strings().withCharRange('\u0000', '\uFFFF').ofMaxLength(6);
  }

  /**
   * The reference model, from SPEC §6 alone: the stores write UTF-8, so a text is storable when
   * encoding it to UTF-8 and back gives it again, and it holds no control character (Cc).
   */
  @Property(tries = 5000)
  void aTextIsStorableExactlyWhenItSurvivesUtf8AndHoldsNoControlCharacter(
      @ForAll("anyUtf16") String s) {
    boolean survives =
        new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s);
    boolean noControl = s.chars().noneMatch(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F));

    assertThat(StorableValues.problemWithText(s, 100) == null).isEqualTo(survives && noControl);
  }

  // ---------------------------------------------------------------- codes

  @Test
  void keepsAPlainCodeAsItIs() {
    assertThat(StorableValues.normaliseCode("MUG-01/blue")).isEqualTo("MUG-01/blue");
    assertThat(StorableValues.problemWithCode("MUG-01/blue")).isNull();
  }

  @Test
  void trimsLeadingAndTrailingWhitespaceOfACode() {
    assertThat(StorableValues.normaliseCode("  MUG\t\n")).isEqualTo("MUG");
    assertThat(StorableValues.normaliseCode("\u3000MUG\u2003")).isEqualTo("MUG");
  }

  @Test
  void normalisesACodeToNfcSoThatADecomposedAccentIsTheSameCode() {
    String decomposed = "CAFE\u0301";
    String composed = "CAF\u00C9";

    assertThat(StorableValues.normaliseCode(decomposed)).isEqualTo(composed);
    assertThat(StorableValues.problemWithCode(StorableValues.normaliseCode(decomposed))).isNull();
  }

  @ParameterizedTest(name = "refuses U+{0}")
  @ValueSource(
      strings = {
        "200B", // zero-width space
        "200C", // zero-width non-joiner
        "200D", // zero-width joiner
        "2060", // word joiner
        "FEFF", // byte-order mark
        "200E", // left-to-right mark
        "200F", // right-to-left mark
        "202A", // left-to-right embedding
        "202E", // right-to-left override
        "2066", // left-to-right isolate
        "2069", // pop directional isolate
        "061C", // Arabic letter mark
        "00AD", // soft hyphen
        "00A0", // no-break space
        "2009", // thin space
        "2028", // line separator
        "034F", // combining grapheme joiner
        "3164", // Hangul filler
        "FE0F", // variation selector 16
        "E000", // private use
        "0000", // NUL
        "0007", // bell
      })
  void refusesACodeWithAnInvisibleOrControlCharacterInside(String hex) {
    String code = "MU" + Character.toString(Integer.parseInt(hex, 16)) + "G";

    assertThat(StorableValues.problemWithCode(StorableValues.normaliseCode(code))).isNotNull();
  }

  @Test
  void refusesACodeWithALoneSurrogate() {
    assertThat(StorableValues.problemWithCode(StorableValues.normaliseCode("x\uD800")))
        .contains("lone surrogate");
  }

  @Test
  void acceptsACodeWithAnInnerSpaceAndLettersOfOtherScripts() {
    for (String code : new String[] {"BLUE MUG", "青いマグ", "Ölkanne", "\uD83D\uDE00-mug"}) {
      assertThat(StorableValues.problemWithCode(StorableValues.normaliseCode(code)))
          .as(code)
          .isNull();
    }
  }

  @Test
  void refusesABlankCodeAsMissing() {
    assertThat(StorableValues.problemWithCode(StorableValues.normaliseCode(" \t ")))
        .isEqualTo("is required");
  }

  @Test
  void measuresACodeAfterItIsNormalised() {
    String padded = " " + "M".repeat(200) + " ";

    assertThat(StorableValues.problemWithCode(StorableValues.normaliseCode(padded))).isNull();
    assertThat(StorableValues.problemWithCode("M".repeat(201))).contains("at most 200");
  }

  @Test
  void requireCodeNamesTheFieldOfABadCode() {
    assertThatThrownBy(() -> StorableValues.requireCode("sku", "MU\u200BG"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("sku"));
    assertThat(StorableValues.requireCode("sku", " MUG ")).isEqualTo("MUG");
  }

  @Provide
  Arbitrary<String> codeLike() {
    return Arbitraries.strings()
        .withChars("aAeE\u0301\u0300\u00C9\u00E9 \t\u200B\u00A0-")
        .ofMaxLength(8);
  }

  @Property(tries = 2000)
  void normalisingACodeTwiceChangesNothingMore(@ForAll("codeLike") String raw) {
    String once = StorableValues.normaliseCode(raw);

    assertThat(StorableValues.normaliseCode(once)).isEqualTo(once);
  }

  @Property(tries = 2000)
  void anAcceptedCodeIsNfcWithoutEdgeWhitespaceOrZeroWidthCharacters(
      @ForAll("codeLike") String raw) {
    String code = StorableValues.normaliseCode(raw);
    if (StorableValues.problemWithCode(code) == null) {
      assertThat(code)
          .isEqualTo(java.text.Normalizer.normalize(code, java.text.Normalizer.Form.NFC));
      assertThat(code).isEqualTo(code.strip()).doesNotContain("\u200B", "\u00A0", "\t");
    }
  }

  // ---------------------------------------------------------------- instants

  @ParameterizedTest(name = "refuses {0}")
  @ValueSource(
      strings = {
        "+300000000-01-01T00:00:00Z",
        "-999999999-01-01T00:00:00Z",
        "+10000-01-01T00:00:00Z",
        "0000-12-31T23:59:59.999Z",
        "+10000-01-01T00:00:00.000000001Z"
      })
  void refusesAnInstantOutsideTheYearsOneToNineThousandNineHundredNinetyNine(String text) {
    assertThat(StorableValues.problemWithInstant(Instant.parse(text)))
        .isEqualTo("must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z");
  }

  @Test
  void acceptsTheFirstAndLastMillisecondOfTheRangeAndTheirEpochMillisFitALong() {
    assertThat(StorableValues.problemWithInstant(Instant.parse("0001-01-01T00:00:00Z"))).isNull();
    assertThat(StorableValues.problemWithInstant(Instant.parse("9999-12-31T23:59:59.999Z")))
        .isNull();
    // Both stores keep epoch milliseconds: the bounds must convert without overflow.
    assertThat(StorableValues.EARLIEST_INSTANT.toEpochMilli()).isEqualTo(-62_135_596_800_000L);
    assertThat(StorableValues.LATEST_INSTANT.toEpochMilli()).isEqualTo(253_402_300_799_999L);
  }

  @Test
  void leavesAMissingInstantToTheCallersRule() {
    assertThat(StorableValues.problemWithInstant(null)).isNull();
  }

  @Test
  void foreignTextLosesItsNulsControlsAndLoneSurrogatesButKeepsEveryPair() {
    String text = "bad\u0000item\u0007 \uD83D\uDE00 \uD800 end\uDC00";

    String kept = StorableValues.storableText(text, 100);

    assertThat(kept).isEqualTo("bad item  \uD83D\uDE00 \uFFFD end\uFFFD");
    assertThat(StorableValues.problemWithText(kept, 100)).isNull();
  }

  @Test
  void foreignTextIsCutWithAnEllipsisNeverBetweenTheHalvesOfAPair() {
    String pairs = "\uD83D\uDE00".repeat(10); // 20 code units

    String kept = StorableValues.storableText(pairs, 8);

    assertThat(kept).isEqualTo("\uD83D\uDE00".repeat(3) + "…");
    assertThat(StorableValues.problemWithText(kept, 8)).isNull();
    assertThat(StorableValues.storableText(pairs, 20)).isEqualTo(pairs);
    assertThat(StorableValues.storableText(null, 8)).isNull();
  }
}
