package org.ijcampaign.io;

/**
 * Input that breaks the landing contract as a whole (a missing file, a missing or unknown
 * column): the run stops before anything is written. Exit code 3.
 */
public class InputError extends RuntimeException {
  public InputError(String message) {
    super(message);
  }
}
