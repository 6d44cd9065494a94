package org.ijcampaign.config;

import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * Names that become file or folder names (a campaign's export folder, its dashboard page): one
 * path segment made of letters, digits, '.', '_' and '-', not starting with '.' (so neither
 * '.', '..' nor a hidden file). The pattern is an invariant of the jobs' safety, not a setting:
 * loosening it in a file would let a name climb out of the output folder, so it lives here.
 */
public final class SafeNames {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private SafeNames() {}

  /** Returns {@code value}, or refuses it naming {@code what} (exit code 2). */
  public static String check(String what, String value) {
    if (value == null || !SAFE.matcher(value).matches()) {
      throw new ConfigError(what + " = '" + value + "' cannot be used in a file name: use "
          + "letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return value;
  }

  /**
   * {@code parent/name}, refused unless it lies directly in {@code parent}: Hadoop's Path
   * resolves '..' like a URI, so {@code new Path("/w/exports", "../../x")} is {@code /x}.
   */
  public static Path child(Path parent, String what, String name) {
    Path child = new Path(parent, check(what, name));
    if (child.getParent() == null
        || !child.getParent().toUri().normalize().equals(parent.toUri().normalize())) {
      throw new ConfigError(what + " = '" + name + "' leads outside " + parent);
    }
    return child;
  }
}
