package io.cdrvault.query.console;

import java.util.regex.Pattern;

/**
 * The compliance officer's console paths (docs/console.md). Ids in them are the opaque random
 * breach ids {@code BR-…}; the only query parameter is a calendar year. No CPNI, no free text.
 */
final class CompliancePaths {
  static final String BREACHES = "/console/compliance/breaches";
  static final String NEW_BREACH = "/console/compliance/breaches/new";
  static final String BREACH = "/console/compliance/breaches/{id}";
  static final String BREACH_NOTIFY = "/console/compliance/breaches/{id}/notifications";
  static final String COMPLAINTS = "/console/compliance/complaints";
  static final String CERTIFICATION = "/console/compliance/certification";
  static final String CERTIFICATION_CSV = "/console/compliance/certification.csv";

  static final Pattern BREACH_ID = io.cdrvault.store.compliance.Breach.ID;

  private CompliancePaths() {}

  static String breach(String id) {
    return BREACHES + "/" + id;
  }
}
