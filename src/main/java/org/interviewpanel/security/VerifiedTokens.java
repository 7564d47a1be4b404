package org.interviewpanel.security;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcIdentityProvider;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Remembers the identities of bearer access tokens it has seen verified, so an API client that sends the same token on
 * every call pays for its signature check and claim parsing once, not on every request (under load that verification
 * was a fifth of the application's CPU, most of it parsing the token's JSON).
 * <p>
 * What it trusts, and for how long: only a token that the OIDC provider verified (signature against the realm's keys,
 * issuer, audience, expiry) for the API's own tenant (as OIDC resolved it for the request); only the exact same token
 * string; never a token bound to a key or certificate, nor a request with a DPoP proof or a step-up requirement (those
 * are checked against each request); and only until the earlier of
 * the token's own expiry and {@code panel.security.verified-token-ttl} after it was verified (60 s by default, so a
 * signing key removed from the realm stops being honoured within that time). Nothing is lost that verification on every
 * request would give: a bearer token is checked locally, never against Keycloak, so a revoked or logged-out token was
 * honoured until its expiry before too. Every other credential — the console's session cookie, a candidate's device
 * cookie, opaque tokens — goes to the OIDC provider as before. The request-bound parts of an identity (the routing
 * context) are those of the request at hand, never of the request that first brought the token.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    static final String ROUTING_CONTEXT = RoutingContext.class.getName();
    static final String REQUEST_CONTEXT = AuthenticationRequestContext.class.getName();
    static final String TENANT_ID = "tenant-id";
    static final String EXPIRES = "quarkus.identity.expire-time";
    static final String DEFAULT_TENANT = "Default";
    static final String DPOP_PROOF = "dpop_proof";
    static final String STEP_UP = "io.quarkus.oidc.runtime.step-up-auth";

    private final OidcIdentityProvider oidc;
    private final Cache cache;
    private final Counter reused;
    private final Counter verified;

    @Inject
    VerifiedTokens(OidcIdentityProvider oidc, MeterRegistry registry,
            @ConfigProperty(name = "panel.security.verified-token-ttl", defaultValue = "60s") Duration ttl,
            @ConfigProperty(name = "panel.security.verified-token-max-entries", defaultValue = "2000") int maxEntries) {
        this.oidc = oidc;
        // The system's time, as the OIDC provider judges a token's expiry by it (not the application's movable clock).
        this.cache = new Cache(Clock.systemUTC(), ttl, maxEntries);
        String name = "panel.security.bearer.tokens";
        String description = "Bearer-token authentications: verified by the OIDC provider, or a token verified before";
        this.reused = Counter.builder(name).description(description).tag("result", "reused").register(registry);
        this.verified = Counter.builder(name).description(description).tag("result", "verified").register(registry);
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Ahead of the OIDC provider (which has the default priority): a token it verified is answered here. */
    @Override
    public int priority() {
        return SYSTEM_FIRST + 100;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext ctx = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (!cache.enabled() || ctx == null || !(request.getToken() instanceof AccessTokenCredential credential)
                || credential.isOpaque() || !DEFAULT_TENANT.equals(ctx.get(TENANT_ID)) || boundToThisRequest(ctx)) {
            return Uni.createFrom().nullItem(); // not a plain API bearer token: the OIDC provider decides, as always
        }
        String token = credential.getToken();
        SecurityIdentity known = cache.get(token);
        if (known != null) {
            reused.increment();
            return Uni.createFrom().item(boundTo(known, ctx, context));
        }
        return oidc.authenticate(request, context).invoke(identity -> {
            verified.increment();
            if (identity != null && DEFAULT_TENANT.equals(identity.getAttribute(TENANT_ID))
                    && identity.getAttribute(EXPIRES) instanceof Long expires && !proofOfPossession(identity)) {
                cache.put(token, detached(identity), expires);
            }
        });
    }

    /**
     * Checks OIDC makes on each request with what the request carries (a DPoP proof, a step-up requirement of the
     * endpoint): such a request is always verified in full. None is configured today.
     */
    private static boolean boundToThisRequest(RoutingContext ctx) {
        return ctx.get(DPOP_PROOF) != null || ctx.get(STEP_UP) != null;
    }

    /** A token bound to a key or a client certificate ({@code cnf}) is checked against the request every time. */
    private static boolean proofOfPossession(SecurityIdentity identity) {
        return !(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.containsClaim("cnf");
    }

    /**
     * The identity without the parts that belong to the request that brought it: built afresh, since a copy made with
     * {@code builder(identity)} checks permissions through the original and so would keep that request alive.
     */
    static SecurityIdentity detached(SecurityIdentity identity) {
        Map<String, Object> attributes = new HashMap<>(identity.getAttributes());
        attributes.remove(ROUTING_CONTEXT);
        attributes.remove(REQUEST_CONTEXT);
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder().setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles()).addCredentials(identity.getCredentials()).addAttributes(attributes);
        if (identity instanceof QuarkusSecurityIdentity quarkus) {
            builder.addPermissions(quarkus.getPermissions());
        }
        return builder.build();
    }

    /** The remembered identity, bound to this request as the OIDC provider would have bound it. */
    static SecurityIdentity boundTo(SecurityIdentity known, RoutingContext ctx, AuthenticationRequestContext context) {
        return QuarkusSecurityIdentity.builder(known).addAttribute(ROUTING_CONTEXT, ctx)
                .addAttribute(REQUEST_CONTEXT, context).build();
    }

    /**
     * Verified identities by token string, each until the earlier of its token's expiry and the time to live; bounded
     * (when full, expired entries go, and if none had expired, all of them: the next requests verify again).
     */
    static final class Cache {

        record Entry(SecurityIdentity identity, long untilMillis) {
        }

        private final Clock clock;
        private final long ttlMillis;
        private final int maxEntries;
        private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

        Cache(Clock clock, Duration ttl, int maxEntries) {
            this.clock = clock;
            this.ttlMillis = ttl.toMillis();
            this.maxEntries = maxEntries;
        }

        boolean enabled() {
            return ttlMillis > 0 && maxEntries > 0;
        }

        SecurityIdentity get(String token) {
            Entry entry = entries.get(token);
            if (entry == null) {
                return null;
            }
            if (entry.untilMillis() <= clock.millis()) {
                entries.remove(token, entry);
                return null;
            }
            return entry.identity();
        }

        /** Remembers an identity whose token expires at {@code expiresEpochSecond}. */
        void put(String token, SecurityIdentity identity, long expiresEpochSecond) {
            long now = clock.millis();
            long until = Math.min(expiresEpochSecond >= Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : expiresEpochSecond * 1000,
                    now + ttlMillis);
            if (until <= now) {
                return;
            }
            if (entries.size() >= maxEntries) {
                entries.values().removeIf(e -> e.untilMillis() <= now);
                if (entries.size() >= maxEntries) {
                    entries.clear();
                }
            }
            entries.put(token, new Entry(identity, until));
        }

        int size() {
            return entries.size();
        }
    }
}
