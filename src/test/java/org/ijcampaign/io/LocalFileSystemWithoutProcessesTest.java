package org.ijcampaign.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.ijcampaign.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local file system without processes does what Hadoop's does: the same permissions on what
 * it creates, renames that refuse to overwrite unless asked, the same status for a link.
 */
class LocalFileSystemWithoutProcessesTest extends SparkTestBase {
  @TempDir
  java.nio.file.Path dir;

  private static Configuration hadoop() {
    Configuration c = new Configuration(false);
    c.set("fs.file.impl", LocalFileSystemWithoutProcesses.class.getName());
    c.set("fs.AbstractFileSystem.file.impl", LocalFileSystemWithoutProcesses.Fs.class.getName());
    c.setBoolean("fs.file.impl.disable.cache", true);
    return c;
  }

  private static String mode(java.nio.file.Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void setsThePermissionsHadoopWouldOnWhatItCreates() throws IOException {
    FileSystem fs = FileSystem.get(dir.toUri(), hadoop());
    assertInstanceOf(LocalFileSystemWithoutProcesses.class, fs);
    Path file = new Path(dir.toUri().toString(), "a/b/part-0.parquet");
    try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), false, 4096,
        (short) 1, 1 << 20, null)) {
      out.write("x".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("rw-r-----", mode(dir.resolve("a/b/part-0.parquet")));
    // Hadoop's checksum beside it, as the LocalFileSystem it extends writes.
    assertTrue(Files.exists(dir.resolve("a/b/.part-0.parquet.crc")));
    assertTrue(fs.mkdirs(new Path(dir.toUri().toString(), "c"), new FsPermission((short) 0750)));
    assertEquals("rwxr-x---", mode(dir.resolve("c")));
    fs.setPermission(file, new FsPermission((short) 0604));
    assertEquals("rw----r--", mode(dir.resolve("a/b/part-0.parquet")));
  }

  @Test
  void renamesThroughFileContextAsDeltaCommits() throws IOException {
    FileContext fc = FileContext.getFileContext(dir.toUri(), hadoop());
    Path temp = new Path(dir.toUri().toString(), "_delta_log/.00000.json.tmp");
    Path commit = new Path(dir.toUri().toString(), "_delta_log/00000.json");
    try (FSDataOutputStream out = fc.create(temp, EnumSet.of(CreateFlag.CREATE),
        Options.CreateOpts.createParent())) {
      out.write("{}".getBytes(StandardCharsets.UTF_8));
    }
    fc.rename(temp, commit, Options.Rename.NONE);
    assertEquals("{}", Files.readString(dir.resolve("_delta_log/00000.json")));
    assertFalse(Files.exists(dir.resolve("_delta_log/.00000.json.tmp")));
    // A second writer of the same version must fail, not overwrite it.
    try (FSDataOutputStream out = fc.create(temp, EnumSet.of(CreateFlag.CREATE))) {
      out.write("[]".getBytes(StandardCharsets.UTF_8));
    }
    assertThrows(IOException.class, () -> fc.rename(temp, commit, Options.Rename.NONE));
    assertEquals("{}", Files.readString(dir.resolve("_delta_log/00000.json")));
    assertThrows(FileNotFoundException.class, () -> fc.getFileLinkStatus(
        new Path(dir.toUri().toString(), "missing")));
  }

  @Test
  void seesLinksAndFilesAsHadoopsOwnDoes() throws IOException {
    Files.writeString(dir.resolve("target.txt"), "t");
    Files.createSymbolicLink(dir.resolve("link.txt"), dir.resolve("target.txt"));
    Configuration plain = new Configuration(false);
    plain.setBoolean("fs.file.impl.disable.cache", true);
    FileSystem hadoops = FileSystem.get(dir.toUri(), plain);
    FileSystem ours = FileSystem.get(dir.toUri(), hadoop());
    assertFalse(hadoops instanceof LocalFileSystemWithoutProcesses);
    for (String name : new String[] {"link.txt", "target.txt"}) {
      Path p = new Path(dir.toUri().toString(), name);
      FileStatus expected = hadoops.getFileLinkStatus(p);
      FileStatus got = ours.getFileLinkStatus(p);
      assertEquals(expected.isSymlink(), got.isSymlink(), name);
      assertEquals(expected.isFile(), got.isFile(), name);
      assertEquals(expected.getLen(), got.getLen(), name);
      assertEquals(expected.getPath(), got.getPath(), name);
    }
  }

  @Test
  void isTheLocalFileSystemOfTheTestsSession() throws IOException {
    FileSystem fs = FileSystem.get(dir.toUri(), spark().sparkContext().hadoopConfiguration());
    assertInstanceOf(LocalFileSystemWithoutProcesses.class, fs);
  }
}
