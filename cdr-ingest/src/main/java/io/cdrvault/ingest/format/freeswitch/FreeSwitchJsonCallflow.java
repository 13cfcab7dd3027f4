package io.cdrvault.ingest.format.freeswitch;

/**
 * The {@code callflow} profiles of one FreeSWITCH JSON document, as far as the mapping needs them,
 * plus a top-level {@code times} block if the writer put one there.
 *
 * <p>FreeSWITCH prints one callflow entry per caller profile, newest first: the array form
 * ({@code "callflow": [...]}, FreeSWITCH 1.4.20 and later) and the repeated-key form
 * ({@code "callflow": {...}, "callflow": {...}}, FreeSWITCH up to 1.4.19) carry the same entries in
 * the same order. Entry {@code 0} is the profile the channel ended in (its {@code answered_time} and
 * {@code hangup_time} are the call's); the last entry is the profile the channel was created with
 * (its {@code destination_number} is what the caller dialled; later profiles come from a transfer or
 * a 302 redirect and hold the transfer target). Only those two entries are kept.
 *
 * <p>Values are raw strings, null when absent. Mutable, confined to one decode call.
 */
final class FreeSwitchJsonCallflow {
  /** One caller profile (or the top-level {@code times} block, which has no party fields). */
  static final class Profile {
    String callerIdNumber;
    String destinationNumber;
    String created;
    String answered;
    String hangup;
  }

  private Profile newest;
  private Profile original;
  private int count;
  /** A top-level {@code times} block (some writers put the times there), or null. */
  Profile topTimes;

  /** Starts the next entry in document order and returns it for filling. */
  Profile add() {
    Profile p = new Profile();
    if (count == 0) {
      newest = p;
    }
    original = p;
    count++;
    return p;
  }

  /** How many entries were read. */
  int count() {
    return count;
  }

  /** Entry {@code 0}, the profile the channel ended in; null when there is no callflow. */
  Profile newest() {
    return newest;
  }

  /** The last entry, the profile the channel was created with; null when there is no callflow. */
  Profile original() {
    return original;
  }

  /** The JSON path of the original profile, {@code callflow[n-1]}, for details. */
  String originalPath() {
    return count <= 1 ? "callflow[0]" : "callflow[" + (count - 1) + "]";
  }
}
