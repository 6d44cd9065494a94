package org.ijcampaign.ingest;

import java.util.List;

/**
 * One physical file of the landing zone: its path, its name relative to the landing folder
 * (as quarantine rows name it), its format and header, and its size for the runs table.
 */
public record SourceFile(String path, String name, Format format, List<String> header,
    long sizeBytes) {
  public enum Format { CSV, PARQUET }
}
