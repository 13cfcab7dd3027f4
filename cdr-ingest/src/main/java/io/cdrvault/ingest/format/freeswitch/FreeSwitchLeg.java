package io.cdrvault.ingest.format.freeswitch;

/**
 * The raw values of one FreeSWITCH leg that the mapping needs (variables already URL-decoded when
 * the source encodes them); null when absent. Mutable, confined to one decode call.
 */
final class FreeSwitchLeg {
  final boolean decodeValues;
  int content;
  String coreUuid;
  String switchName;
  String uuid;
  String callUuid;
  String originatingLegUuid;
  String startEpoch;
  String answerEpoch;
  String endEpoch;
  String startStamp;
  String answerStamp;
  String endStamp;
  String duration;
  String billsec;
  String hangupCause;
  String q850;
  String accountcode;
  String readCodec;
  String userAgent;
  String networkIp;
  String varCallerIdNumber;
  String varAni;
  String varDestination;

  FreeSwitchLeg(boolean decodeValues) {
    this.decodeValues = decodeValues;
  }
}
