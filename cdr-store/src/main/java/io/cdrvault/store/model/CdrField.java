package io.cdrvault.store.model;

/**
 * The fields of a stored record that a purpose may be allowed to see. Projection of a record for a
 * grant emits exactly the fields the grant allows, under these canonical JSON names.
 */
public enum CdrField {
  RECORD_ID("recordId"),
  ORIGIN("origin"),
  ORIGIN_ID("originId"),
  TYPE("type"),
  DIRECTION("direction"),
  CUSTOMER("customer"),
  CALLING("calling"),
  CALLED("called"),
  REDIRECTING("redirecting"),
  START("start"),
  ANSWER("answer"),
  END("end"),
  DURATION("durationSeconds"),
  BILLABLE("billableSeconds"),
  DISPOSITION("disposition"),
  CAUSE("cause"),
  SMS_SEGMENTS("smsSegments"),
  DELIVERY_STATUS("deliveryStatus"),
  TRUNK("trunk"),
  CODEC("codec"),
  SOURCE_IP("sourceIp"),
  DESTINATION_IP("destinationIp"),
  USER_AGENT("userAgent"),
  IMSI("imsi"),
  IMEI("imei"),
  CELL_ID("cellId"),
  CHARGE("charge");

  private final String jsonName;

  CdrField(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The field's name in canonical JSON and in record streams. */
  public String jsonName() {
    return jsonName;
  }
}
