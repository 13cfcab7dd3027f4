package io.cdrvault.query.legal;

import io.cdrvault.query.http.ApiContext;
import io.cdrvault.query.http.ApiRoute;
import io.cdrvault.query.http.RouteContributor;
import io.cdrvault.query.legal.export.ExportSigner;
import io.javalin.http.Handler;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The legal-process routes: legal requests ({@link ApiRoute#LEGAL_REGISTER}, {@code LEGAL_LIST}, {@code LEGAL_SHOW},
 * {@code LEGAL_APPROVE}, {@code LEGAL_REVOKE}), their signed exports ({@link ApiRoute#LEGAL_EXPORT})
 * and legal holds ({@link ApiRoute#HOLD_CREATE}, {@code HOLD_LIST}, {@code HOLD_RENEW},
 * {@code HOLD_RELEASE}).
 *
 * <p>Immutable and thread-safe.
 */
public final class LegalRoutes implements RouteContributor {
  private final Optional<ExportSigner> signer;

  /** Exports are signed with {@code signer}; without one, the export route answers 503. */
  public LegalRoutes(Optional<ExportSigner> signer) {
    this.signer = Objects.requireNonNull(signer, "signer");
  }

  @Override
  public Map<ApiRoute, Handler> routes(ApiContext api) {
    LegalEndpoints legal = new LegalEndpoints(api, signer);
    HoldEndpoints holds = new HoldEndpoints(api);
    return Map.of(
        ApiRoute.LEGAL_REGISTER, legal::register,
        ApiRoute.LEGAL_LIST, legal::list,
        ApiRoute.LEGAL_SHOW, legal::show,
        ApiRoute.LEGAL_APPROVE, legal::approve,
        ApiRoute.LEGAL_REVOKE, legal::revoke,
        ApiRoute.LEGAL_EXPORT, legal::export,
        ApiRoute.HOLD_CREATE, holds::create,
        ApiRoute.HOLD_LIST, holds::list,
        ApiRoute.HOLD_RENEW, holds::renew,
        ApiRoute.HOLD_RELEASE, holds::release);
  }
}
