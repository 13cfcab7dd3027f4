package io.cdrvault.ingest.format.freeswitch;

import static io.cdrvault.ingest.format.freeswitch.FreeSwitchValues.ceilSeconds;
import static io.cdrvault.ingest.format.freeswitch.FreeSwitchValues.emptyToNull;
import static io.cdrvault.ingest.format.freeswitch.FreeSwitchValues.number;

import io.cdrvault.ingest.format.CdrDecoder;
import io.cdrvault.ingest.format.DecodeFailure;
import io.cdrvault.ingest.format.DecodeResult;
import io.cdrvault.ingest.format.Framing;
import io.cdrvault.ingest.format.RejectReason;
import io.cdrvault.ingest.format.SkipKind;
import io.cdrvault.ingest.format.SourceContext;
import io.cdrvault.ingest.format.Timestamps;
import io.cdrvault.ingest.normalize.NumberNormalizer;
import io.cdrvault.store.model.Cdr;
import io.cdrvault.store.model.ServiceType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Decoder for {@code freeswitch-json}: one FreeSWITCH {@code mod_json_cdr} document per payload
 * (one call leg), optionally wrapped as an HTTP form body {@code cdr=<url-encoded JSON>}.
 *
 * <p>The document is read with Jackson's streaming parser; only the fields the mapping needs are
 * materialised, everything else is skipped. Variable values are URL-decoded unless the source option
 * {@value #OPTION_ENCODE_VALUES} is {@code false} (FreeSWITCH's {@code encode-values} setting;
 * default {@code true}). B legs are skipped as {@link SkipKind#DUPLICATE_LEG}. Variables whose names
 * denote message content ({@code body}, {@code content}, {@code message}, {@code msg},
 * {@code short_message}, {@code text}) are never read and are counted as dropped content.
 *
 * <p>{@code callflow} is read in both layouts FreeSWITCH wrote: an array (1.4.20 and later) or one
 * repeated top-level key per caller profile (up to 1.4.19); either way the entries are newest
 * first. The parties and the start come from the original (last) profile — after a transfer or a
 * 302 redirect the newer profiles' {@code destination_number} is the target, not what the caller
 * dialled — and the answer and end from the newest (first) one. See
 * {@code docs/formats/freeswitch-json.md} for the full mapping and every reject.
 *
 * <p>Stateless; thread-safe. Never throws for bad input: every problem becomes a reject whose detail
 * names the JSON path or position, never a value.
 */
public final class FreeSwitchJsonDecoder implements CdrDecoder {
  public static final String FORMAT = "freeswitch-json";
  /** Source option: whether variable values are URL-encoded ({@code true}, the default, or {@code false}). */
  public static final String OPTION_ENCODE_VALUES = "encodeValues";

  private static final String P = FORMAT + " ";
  private static final String F_START_EPOCH = P + "variables.start_epoch";
  private static final String F_ANSWER_EPOCH = P + "variables.answer_epoch";
  private static final String F_END_EPOCH = P + "variables.end_epoch";
  private static final String F_CREATED = P + "callflow[0].times.created_time";
  private static final String F_ANSWERED = P + "callflow[0].times.answered_time";
  private static final String F_HANGUP = P + "callflow[0].times.hangup_time";
  private static final String F_TOP_CREATED = P + "times.created_time";
  private static final String F_TOP_ANSWERED = P + "times.answered_time";
  private static final String F_TOP_HANGUP = P + "times.hangup_time";
  private static final String F_START_STAMP = P + "variables.start_stamp";
  private static final String F_ANSWER_STAMP = P + "variables.answer_stamp";
  private static final String F_END_STAMP = P + "variables.end_stamp";

  public static FreeSwitchJsonDecoder create() {
    return new FreeSwitchJsonDecoder();
  }

  private FreeSwitchJsonDecoder() {}

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public Framing framing() {
    return Framing.JSON_VALUES;
  }

  @Override
  public DecodeResult decode(byte[] payload, SourceContext source) {
    try {
      return decodeOrThrow(payload, source);
    } catch (DecodeFailure f) {
      return f.toResult();
    } catch (RuntimeException e) {
      return DecodeResult.reject(RejectReason.MALFORMED,
          P + "document: unexpected " + e.getClass().getSimpleName() + " while decoding");
    }
  }

  private DecodeResult decodeOrThrow(byte[] payload, SourceContext source) {
    boolean decodeValues = encodeValues(source);
    if (payload == null) {
      throw new DecodeFailure(RejectReason.MALFORMED_JSON, P + "document: empty payload");
    }
    int first = 0;
    while (first < payload.length && FreeSwitchJsonReader.isSpace(payload[first])) {
      first++;
    }
    if (first == payload.length) {
      throw new DecodeFailure(RejectReason.MALFORMED_JSON, P + "document: empty payload");
    }
    FreeSwitchLeg leg = new FreeSwitchLeg(decodeValues);
    FreeSwitchJsonCallflow flow = new FreeSwitchJsonCallflow();
    String form = payload[first] == '{' ? null : FreeSwitchJsonReader.formBody(payload, first);
    if (form != null) {
      FreeSwitchJsonReader.parse(leg, flow, form, null, "cdr= body");
    } else {
      FreeSwitchJsonReader.parse(leg, flow, null, payload, "document");
    }
    return toResult(leg, flow, source);
  }

  private static boolean encodeValues(SourceContext source) {
    String v = source.options().get(OPTION_ENCODE_VALUES);
    if (v == null || v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new DecodeFailure(RejectReason.INVALID_FIELD,
        P + "source option '" + OPTION_ENCODE_VALUES + "' must be true or false");
  }

  // ---------------------------------------------------------------- mapping

  private static DecodeResult toResult(FreeSwitchLeg leg, FreeSwitchJsonCallflow flow, SourceContext source) {
    if (present(leg.originatingLegUuid)) {
      return DecodeResult.skip(SkipKind.DUPLICATE_LEG, leg.content);
    }
    if (!present(leg.uuid)) {
      throw new DecodeFailure(RejectReason.MISSING_FIELD, P + "variables.uuid: missing");
    }
    if (present(leg.callUuid) && !leg.callUuid.equals(leg.uuid)) {
      return DecodeResult.skip(SkipKind.DUPLICATE_LEG, leg.content);
    }
    if (!present(leg.coreUuid)) {
      throw new DecodeFailure(RejectReason.MISSING_FIELD, P + "core-uuid: missing");
    }
    ZoneId zone = source.zone();
    // the original profile (created with the channel) gives the start, the newest one answer and end
    FreeSwitchJsonCallflow.Profile original = flow.original();
    FreeSwitchJsonCallflow.Profile newest = flow.newest();
    FreeSwitchJsonCallflow.Profile top = flow.topTimes;
    String createdField = flow.count() <= 1 ? F_CREATED : P + flow.originalPath() + ".times.created_time";
    Instant start = time(leg.startEpoch, F_START_EPOCH, original == null ? null : original.created, createdField,
        top == null ? null : top.created, F_TOP_CREATED, leg.startStamp, F_START_STAMP, zone, false);
    Instant end = time(leg.endEpoch, F_END_EPOCH, newest == null ? null : newest.hangup, F_HANGUP,
        top == null ? null : top.hangup, F_TOP_HANGUP, leg.endStamp, F_END_STAMP, zone, false);
    if (start == null || end == null) {
      throw missingTime(start == null, end == null, createdField);
    }
    Instant answer = time(leg.answerEpoch, F_ANSWER_EPOCH, newest == null ? null : newest.answered, F_ANSWERED,
        top == null ? null : top.answered, F_TOP_ANSWERED, leg.answerStamp, F_ANSWER_STAMP, zone, true);
    long duration = present(leg.duration) ? number(leg.duration, P + "variables.duration", 12) : ceilSeconds(start, end);
    long billsec = present(leg.billsec) ? number(leg.billsec, P + "variables.billsec", 12)
        : answer == null ? 0 : ceilSeconds(answer, end);
    FreeSwitchValues.checkConsistent(FORMAT, start, answer, end, duration, billsec, "variables.duration",
        "variables.billsec");
    Integer causeCode = present(leg.q850) ? Integer.valueOf((int) number(leg.q850, P + "variables.hangup_cause_q850", 9))
        : null;
    String cause = emptyToNull(leg.hangupCause);

    // both parties from the original profile: a transfer or 302 redirect adds profiles whose
    // destination_number is the transfer target, not what the caller dialled
    String callingRaw = original != null && present(original.callerIdNumber) ? original.callerIdNumber
        : present(leg.varCallerIdNumber) ? leg.varCallerIdNumber : leg.varAni;
    String calledRaw = original != null && present(original.destinationNumber) ? original.destinationNumber
        : leg.varDestination;
    NumberNormalizer norm = NumberNormalizer.forRegion(source.defaultRegion());

    Cdr cdr = Cdr.builder()
        .origin(present(leg.switchName) ? leg.switchName : source.sourceName())
        .originId(leg.coreUuid + "/" + leg.uuid)
        .type(ServiceType.VOICE)
        .account(emptyToNull(leg.accountcode))
        .calling(norm.normalize(callingRaw))
        .called(norm.normalize(calledRaw))
        .start(start)
        .answer(answer)
        .end(end)
        .durationSeconds(duration)
        .billableSeconds(billsec)
        .disposition(FreeSwitchCauses.disposition(answer != null || billsec > 0, cause))
        .causeCode(causeCode)
        .cause(cause)
        .codec(emptyToNull(leg.readCodec))
        .sourceIp(emptyToNull(leg.networkIp))
        .userAgent(emptyToNull(leg.userAgent))
        .build();
    return DecodeResult.ok(List.of(cdr), leg.content);
  }

  /** The reject for a document without a start or end time, naming the one(s) missing and where they were looked for. */
  private static DecodeFailure missingTime(boolean noStart, boolean noEnd, String createdField) {
    String startSources = "start time: missing (variables.start_epoch, " + createdField.substring(P.length())
        + ", times.created_time, variables.start_stamp)";
    String endSources = "end time: missing (variables.end_epoch, callflow[0].times.hangup_time, times.hangup_time,"
        + " variables.end_stamp)";
    String what = noStart && noEnd ? startSources + "; " + endSources : noStart ? startSources : endSources;
    return new DecodeFailure(RejectReason.MISSING_FIELD, P + what);
  }

  /**
   * The first time given by epoch seconds, then callflow microseconds, then top-level {@code times}
   * microseconds, then a local stamp. A zero epoch means "never": final for the answer time
   * ({@code zeroIsFinal}), a fall-through otherwise.
   */
  private static Instant time(String epoch, String epochField, String micros, String microsField, String topMicros,
      String topField, String stamp, String stampField, ZoneId zone, boolean zeroIsFinal) {
    if (present(epoch)) {
      if (!isZero(epoch)) {
        return Timestamps.epochSeconds(epoch, epochField);
      }
      if (zeroIsFinal) {
        return null;
      }
    }
    for (int i = 0; i < 2; i++) {
      String us = i == 0 ? micros : topMicros;
      if (present(us)) {
        if (!isZero(us)) {
          return Timestamps.epochMicros(us, i == 0 ? microsField : topField);
        }
        if (zeroIsFinal) {
          return null;
        }
      }
    }
    if (present(stamp)) {
      return Timestamps.local(stamp, zone, stampField);
    }
    return null;
  }

  private static boolean isZero(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  private static boolean present(String s) {
    return s != null && !s.isEmpty();
  }
}
