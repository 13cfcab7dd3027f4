package io.cdrvault.store.config;

import io.cdrvault.store.errors.CdrVaultException;
import java.util.List;

/** Configuration is invalid; lists every problem at once, each naming the key. */
public class ConfigException extends CdrVaultException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super("invalid configuration:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
