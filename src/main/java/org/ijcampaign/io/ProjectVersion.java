package org.ijcampaign.io;

/** The project's version, from the jar manifest (or "dev" when run from classes). */
public final class ProjectVersion {
  private ProjectVersion() {}

  public static String get() {
    String v = ProjectVersion.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
