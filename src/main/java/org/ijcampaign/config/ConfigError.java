package org.ijcampaign.config;

/** A configuration that cannot be used: names the file and the key. Exit code 2. */
public class ConfigError extends RuntimeException {
  public ConfigError(String message) {
    super(message);
  }

  public ConfigError(String message, Throwable cause) {
    super(message, cause);
  }
}
