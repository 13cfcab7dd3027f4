package io.cdrvault.query.console;

import java.util.regex.Pattern;

/** The console's paths. Ids in them are opaque random ids (LR-…, LH-…), never CPNI. */
final class ConsolePaths {
  static final String ROOT = "/console";
  static final String HOME = "/console/";
  static final String CSS = "/console/console.css";
  static final String SIGN_IN = "/console/sign-in";
  static final String SIGN_OUT = "/console/sign-out";
  static final String REQUESTS = "/console/legal/requests";
  static final String NEW_REQUEST = "/console/legal/requests/new";
  static final String REQUEST = "/console/legal/requests/{id}";
  static final String APPROVE = "/console/legal/requests/{id}/approval";
  static final String REVOKE = "/console/legal/requests/{id}/revocation";
  static final String EXPORT = "/console/legal/requests/{id}/export";
  static final String EXPORT_ZIP = "/console/legal/requests/{id}/export/package.zip";
  static final String HOLDS = "/console/legal/holds";
  static final String HOLD_RENEW = "/console/legal/holds/{id}/renewal";
  static final String HOLD_RELEASE = "/console/legal/holds/{id}/release";
  // the compliance officer's pages (AuditPages); no customer id in any of them
  static final String AUDIT_TRAIL = "/console/audit/trail";
  static final String AUDIT_CLEAR_CUSTOMER = "/console/audit/trail/customer-filter/removal";
  static final String AUDIT_VERIFICATION = "/console/audit/verification";
  static final String AUDIT_DISCLOSURES = "/console/audit/disclosures";
  static final String AUDIT_DENIALS = "/console/audit/denials";

  static final Pattern REQUEST_ID = io.cdrvault.store.legal.LegalRequest.ID;
  static final Pattern HOLD_ID = io.cdrvault.store.lifecycle.Hold.ID;

  private ConsolePaths() {}

  static String request(String id) {
    return REQUESTS + "/" + id;
  }
}
