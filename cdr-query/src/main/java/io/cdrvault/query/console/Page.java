package io.cdrvault.query.console;

/**
 * The frame every console page is rendered in: its title, who is signed in (empty when no one),
 * the session's CSRF token for the forms, and the notice of the last action.
 *
 * @param notice null when there is none
 */
public record Page(String title, String principal, String csrf, Notice notice) {
  public boolean signedIn() {
    return principal != null;
  }

  static Page anonymous(String title, Notice notice) {
    return new Page(title, null, "", notice);
  }

  static Page of(String title, ConsoleSession s) {
    return new Page(title, s.principal(), s.csrf(), s.takeNotice());
  }
}
