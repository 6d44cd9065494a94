package org.ijcampaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The lab apart from the product (docs/testing.md, "The lab"): no product source under
 * src/main/java names anything of {@code org.ijcampaign.lab} (an import, a qualified name or a
 * class name in a string), except the dispatcher {@code cli/Main.java}, which registers the
 * lab's jobs. Comments may speak of the lab. The lab may use the product.
 */
class LabDependencyRuleTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Path LAB = SOURCES.resolve("org/ijcampaign/lab");
  private static final Path DISPATCHER = SOURCES.resolve("org/ijcampaign/cli/Main.java");
  private static final Pattern LAB_NAME =
      Pattern.compile("\\borg\\s*\\.\\s*ijcampaign\\s*\\.\\s*lab\\b");

  @Test
  void noProductSourceNamesTheLabButTheDispatcher() throws IOException {
    List<String> offenders = new ArrayList<>();
    int product = 0;
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        if (f.startsWith(LAB) || f.equals(DISPATCHER)) {
          continue;
        }
        product++;
        if (namesTheLab(Files.readString(f))) {
          offenders.add(SOURCES.relativize(f).toString());
        }
      }
    }
    // The walk found the product and the lab it keeps apart.
    assertTrue(product > 50, product + " product sources");
    assertTrue(Files.isDirectory(LAB.resolve("generate")), LAB.toString());
    assertEquals(List.of(), offenders, "product sources that name org.ijcampaign.lab");
  }

  @Test
  void theRuleSeesImportsQualifiedNamesAndStringsButNotComments() {
    assertTrue(namesTheLab("import org.ijcampaign.lab.cli.DemoLanding;\nclass A {}"));
    assertTrue(namesTheLab("import static org.ijcampaign.lab.PlantedEffects.physicians;"));
    assertTrue(namesTheLab("class A { Object o = org.ijcampaign.lab.LabConfig.load(null); }"));
    assertTrue(namesTheLab("class A { String c = \"org.ijcampaign.lab.cli.DemoCommand\"; }"));
    assertTrue(namesTheLab("class A { String u = \"hdfs://x\"; Object o = org.ijcampaign.lab.X;"
        + " }"));
    assertTrue(!namesTheLab("// org.ijcampaign.lab.cli.DemoCommand\nclass A {}"));
    assertTrue(!namesTheLab("/* see org.ijcampaign.lab */ class A {}"));
    assertTrue(!namesTheLab("/** {@code org.ijcampaign.lab} */ class A {}"));
    assertTrue(!namesTheLab("import org.ijcampaign.labels.Label; // not the lab"));
    assertTrue(!namesTheLab("class A { char q = '\"'; } // org.ijcampaign.lab"));
  }

  /** Whether the source's code or strings, its comments left out, name the lab's packages. */
  static boolean namesTheLab(String source) {
    return LAB_NAME.matcher(withoutComments(source)).find();
  }

  /** The source without its comments; string and character literals are kept. */
  static String withoutComments(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (s.startsWith("//", i)) {
        int end = s.indexOf('\n', i);
        i = end < 0 ? s.length() : end;
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        i = end < 0 ? s.length() : end + 2;
        out.append(' ');
      } else if (c == '"' || c == '\'') {
        // A literal (a text block """ ends at the next """): copied up to its closing quote.
        String quote = s.startsWith("\"\"\"", i) ? "\"\"\"" : String.valueOf(c);
        int j = i + quote.length();
        while (j < s.length() && !s.startsWith(quote, j)) {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        int end = Math.min(s.length(), j + quote.length());
        out.append(s, i, end);
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
