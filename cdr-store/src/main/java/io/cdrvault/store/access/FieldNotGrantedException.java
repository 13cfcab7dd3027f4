package io.cdrvault.store.access;

import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.model.CdrField;

/**
 * A caller asked a {@link GrantedCdr} for a field its grant does not admit: a programming error
 * the store refuses (fail closed). The message names the field and the purpose, never a value.
 */
public final class FieldNotGrantedException extends CdrVaultException {
  private static final long serialVersionUID = 1L;

  FieldNotGrantedException(CdrField field, Purpose purpose) {
    super("field '" + field.jsonName() + "' is not granted to " + purpose);
  }
}
