// Checks the grok compiler's regexes with java.util.regex, which is what
// Hive's RegexSerDe uses on `input.regex`: each must compile, have the
// groups the compiler counted, and match (whole) exactly the lines RE2
// matched. Input: the file classifier_grok_dump_regexes writes.
//
// Usage: java JavaRegexCheck.java FILE
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

public class JavaRegexCheck {
  public static void main(String[] args) throws Exception {
    List<String> rows = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    Map<String, Pattern> compiled = new HashMap<>();
    int failures = 0;
    for (String row : rows) {
      String[] f = row.split("\t", 4);
      String text = f.length > 3 ? f[3] : "";
      Pattern p = compiled.get(f[0]);
      if (p == null) {
        try {
          p = Pattern.compile(f[0]);
        } catch (PatternSyntaxException e) {
          System.out.println("java does not compile " + f[0] + ": " + e.getDescription());
          failures++;
          continue;
        }
        compiled.put(f[0], p);
      }
      var m = p.matcher(text);
      boolean matches = m.matches();
      if (m.groupCount() != Integer.parseInt(f[1])) {
        System.out.println("groups " + m.groupCount() + " != " + f[1] + " in " + f[0]);
        failures++;
      }
      if (matches != f[2].equals("1")) {
        System.out.println("java " + (matches ? "matches" : "does not match") + " '" + text
            + "' but re2 " + (matches ? "does not" : "does") + ": " + f[0]);
        failures++;
      }
    }
    System.out.println(rows.size() + " rows, " + compiled.size() + " regexes, " + failures
        + " failures");
    System.exit(failures == 0 ? 0 : 1);
  }
}
