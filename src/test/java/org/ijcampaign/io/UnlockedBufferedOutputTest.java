package org.ijcampaign.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnlockedBufferedOutputTest {

  /** Records what reaches it, write by write, and whether it was closed. */
  private static final class Sink extends ByteArrayOutputStream {
    int writes;
    boolean closed;

    @Override
    public synchronized void write(int b) {
      writes++;
      super.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      writes++;
      super.write(b, off, len);
    }

    @Override
    public void close() {
      closed = true;
    }

    String text() {
      return toString(StandardCharsets.US_ASCII);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void holdsSmallWritesUntilTheBufferIsFullThenPassesThemOnInOrder() throws IOException {
    Sink sink = new Sink();
    UnlockedBufferedOutput out = new UnlockedBufferedOutput(sink, 4);
    out.write(ascii("ab"), 0, 2);
    out.write('c');
    assertEquals("", sink.text(), "three bytes fit the buffer of four");
    out.write(ascii("xdex"), 1, 2);   // "de": five bytes, the buffer's "abc" goes first
    assertEquals("abc", sink.text());
    out.write(ascii("fghij"), 0, 5);  // no smaller than the buffer: straight through after "de"
    assertEquals("abcdefghij", sink.text());
    out.write('k');
    out.flush();
    assertEquals("abcdefghijk", sink.text());
    assertEquals(4, sink.writes, "abc, de, fghij, k");
  }

  @Test
  void closeWritesWhatIsLeftAndClosesTheStreamBelow() throws IOException {
    Sink sink = new Sink();
    try (UnlockedBufferedOutput out = new UnlockedBufferedOutput(sink, 8)) {
      out.write(ascii("a;b\n"));
    }
    assertEquals("a;b\n", sink.text());
    assertTrue(sink.closed);
  }

  @Test
  void aBufferOfNoBytesIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new UnlockedBufferedOutput(new Sink(), 0));
  }
}
