package io.cdrvault.query.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * An answer of the API to a console call: the status, the JSON body (a {@link MissingNode} when
 * the body was not JSON) and the audit sequence of the entry the call produced, when sent.
 */
record ApiAnswer(int status, JsonNode json, Long auditSequence) {
  boolean ok() {
    return status >= 200 && status < 300;
  }
}
