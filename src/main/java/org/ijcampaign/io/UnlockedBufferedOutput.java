package org.ijcampaign.io;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A buffered output stream without {@link java.io.BufferedOutputStream}'s lock, for a stream
 * that one thread alone writes (a Spark task's part file). The landing writers write a line as
 * some thirty separators and values, and on Java 17 each write to a
 * {@code BufferedOutputStream} takes and releases its monitor: a national generation's writers
 * spent more time there than copying the bytes.
 */
final class UnlockedBufferedOutput extends OutputStream {
  private final OutputStream out;
  private final byte[] buffer;
  private int count;

  UnlockedBufferedOutput(OutputStream out, int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("buffer size " + size);
    }
    this.out = out;
    this.buffer = new byte[size];
  }

  @Override
  public void write(int b) throws IOException {
    if (count == buffer.length) {
      drain();
    }
    buffer[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len >= buffer.length) {
      // Larger than the buffer: straight through, after what the buffer holds.
      drain();
      out.write(b, off, len);
      return;
    }
    if (len > buffer.length - count) {
      drain();
    }
    System.arraycopy(b, off, buffer, count, len);
    count += len;
  }

  private void drain() throws IOException {
    if (count > 0) {
      out.write(buffer, 0, count);
      count = 0;
    }
  }

  @Override
  public void flush() throws IOException {
    drain();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try (OutputStream o = out) {
      drain();
    }
  }
}
