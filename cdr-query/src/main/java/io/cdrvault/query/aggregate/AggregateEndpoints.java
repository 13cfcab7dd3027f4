package io.cdrvault.query.aggregate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdrvault.query.http.AccessFlow;
import io.cdrvault.query.http.ApiContext;
import io.cdrvault.query.http.AuditedRead;
import io.cdrvault.query.http.JsonAnswer;
import io.cdrvault.query.http.RequestScope;
import io.cdrvault.store.access.Operations;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v1/aggregates/usage?from&to[&groupBy=a,b]} (purpose AGGREGATE, operation
 * {@code aggregate}, all customers): {@code {"groups":[{"key":{…},"customers","records",
 * "billableSeconds","segments"}],"suppressedGroups":n,"k":k}}. Groups with fewer than k distinct
 * customers ({@code limits.aggregateMinGroupSize} of the policy) are left out and only counted.
 * The completion entry counts the records read and lists the customers they belonged to
 * ({@link AuditedRead} runner).
 *
 * <p>Thread-safe.
 */
final class AggregateEndpoints {
  private final UsageAggregator aggregator;
  private final AccessFlow flow;
  private final AuditedRead reads;
  private final ObjectMapper json;

  AggregateEndpoints(ApiContext api) {
    this.aggregator = new UsageAggregator(api.store());
    this.flow = api.flow();
    this.reads = api.reads();
    this.json = api.json();
  }

  /** {@code GET /v1/aggregates/usage}. */
  void usage(Context ctx) throws IOException {
    List<Dimension> groupBy = new ArrayList<>();
    reads.json(ctx, Operations.AGGREGATE, c -> {
      RequestScope s = RequestScope.allCustomers(c.queryParam("from"), c.queryParam("to"),
          flow.maxWindowDays());
      if (s.problem() != null) {
        return s;
      }
      String problem = parseGroupBy(c.queryParam("groupBy"), groupBy);
      return problem == null ? s : RequestScope.invalid(s.scope(), problem);
    }, (grant, tally) -> {
      int k = flow.policy().policy().limits().aggregateMinGroupSize();
      AggregateResult result = aggregator.aggregate(grant, groupBy, k, tally::customer);
      ObjectNode body = json.createObjectNode();
      body.put("from", grant.scope().from().toString());
      body.put("to", grant.scope().to().toString());
      ArrayNode dims = body.putArray("groupBy");
      groupBy.forEach(d -> dims.add(d.paramName()));
      ArrayNode groups = body.putArray("groups");
      for (AggregateGroup g : result.groups()) {
        ObjectNode o = groups.addObject();
        ObjectNode key = o.putObject("key");
        for (int i = 0; i < groupBy.size(); i++) {
          Object v = g.key().get(i);
          if (v instanceof Integer n) {
            key.put(groupBy.get(i).paramName(), n);
          } else {
            key.put(groupBy.get(i).paramName(), v.toString());
          }
        }
        o.put("customers", g.customers());
        o.put("records", g.records());
        o.put("billableSeconds", g.billableSeconds());
        o.put("segments", g.segments());
      }
      body.put("suppressedGroups", result.suppressedGroups());
      body.put("k", result.k());
      tally.records(result.recordsRead());
      return JsonAnswer.ok(200, body);
    });
  }

  /** Parses {@code groupBy} into {@code out}; returns what is wrong (naming the parameter) or null. */
  static String parseGroupBy(String raw, List<Dimension> out) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    Set<Dimension> seen = new HashSet<>();
    for (String item : raw.split(",", -1)) {
      Optional<Dimension> d = Dimension.ofParam(item.strip());
      if (d.isEmpty()) {
        return "query parameter 'groupBy' must be a comma list of type, direction,"
            + " destinationCountry, hourOfDay, dayOfWeek";
      }
      if (!seen.add(d.get())) {
        return "query parameter 'groupBy' names a dimension twice";
      }
      out.add(d.get());
    }
    return null;
  }
}
