package org.ijcampaign.io;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system, without the processes it starts. Without Hadoop's native library,
 * which Spark does not ship, {@link RawLocalFileSystem} runs {@code chmod} for every file and
 * folder it creates, and {@code readlink} for both sides of every rename. A 3,000-GP ingestion
 * starts 446 such processes and {@code IngestionTest} 736 (docs/benchmarks.md, "What stands
 * between 6.0× and 5× at 5 %"). Here permissions are set and links told apart through
 * {@code java.nio}. Anything {@code java.nio} cannot express (a sticky bit, a symbolic link, a
 * file system without POSIX permissions) still goes to Hadoop's own code.
 *
 * <p>It is registered for local runs only (conf/local.conf, the tests' session). Two keys are
 * set: {@code fs.file.impl} for Hadoop's {@code FileSystem}, and {@code
 * fs.AbstractFileSystem.file.impl} ({@link Fs}) for its {@code FileContext}, through which
 * Delta writes and renames its commits.
 */
public class LocalFileSystemWithoutProcesses extends LocalFileSystem {
  public LocalFileSystemWithoutProcesses() {
    super(new Raw());
  }

  /** The raw local file system with the two methods that started processes replaced. */
  public static class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (permission.getStickyBit()) {
        super.setPermission(p, permission);
        return;
      }
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
      } catch (UnsupportedOperationException notPosix) {
        // A file system without POSIX permissions (Windows): Hadoop's own way.
        super.setPermission(p, permission);
      }
    }

    /**
     * Hadoop reads a link's target with {@code readlink} and, when there is none, returns the
     * file's own status. Anything that is not a link gets that status here directly, with no
     * process started.
     */
    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      if (Files.isSymbolicLink(pathToFile(f).toPath())) {
        return super.getFileLinkStatus(f);
      }
      return getFileStatus(f);
    }
  }

  /** The permission's nine read, write and execute bits, as {@code java.nio} names them. */
  static Set<PosixFilePermission> posix(FsPermission permission) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    add(out, permission.getUserAction(), PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    add(out, permission.getGroupAction(), PosixFilePermission.GROUP_READ,
        PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE);
    add(out, permission.getOtherAction(), PosixFilePermission.OTHERS_READ,
        PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    return out;
  }

  private static void add(Set<PosixFilePermission> out, FsAction action, PosixFilePermission read,
      PosixFilePermission write, PosixFilePermission execute) {
    if (action.implies(FsAction.READ)) {
      out.add(read);
    }
    if (action.implies(FsAction.WRITE)) {
      out.add(write);
    }
    if (action.implies(FsAction.EXECUTE)) {
      out.add(execute);
    }
  }

  /** The same file system for Hadoop's {@code FileContext}, with checksums as Hadoop's. */
  public static class Fs extends ChecksumFs {
    public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }
  }

  /** Hadoop's {@code RawLocalFs} over {@link Raw}: its constructors are not public. */
  public static class RawFs extends DelegateToFileSystem {
    public RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    public FsServerDefaults getServerDefaults(Path f) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    @Deprecated
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      // As Hadoop's RawLocalFs: the operating system judges a local name.
      return true;
    }
  }
}
