package app.reseller.gateway.routing;

import app.reseller.infra.TestClock;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The gateway's cache of verified bearer tokens never outlives a token, and only the exact token hits. */
class VerifiedTokensTest {

    private final TestClock clock = new TestClock();
    private final VerifiedTokens tokens = new VerifiedTokens(clock);

    @Test
    void aVerifiedTokenIsKnownUntilItExpiresAndNotAMomentLonger() {
        var identity = identity(clock.instant().plus(Duration.ofMinutes(2)));
        tokens.remember("token-a", identity);

        assertSame(identity, tokens.find("token-a"));
        clock.advance(Duration.ofSeconds(119));
        assertSame(identity, tokens.find("token-a"));
        clock.advance(Duration.ofSeconds(1));
        assertNull(tokens.find("token-a"), "expired: verified again (and refused) by the JWT check");
    }

    @Test
    void onlyTheExactTokenHits() {
        tokens.remember("token-b", identity(clock.instant().plus(Duration.ofHours(1))));
        assertNull(tokens.find("token-b "));
        assertNull(tokens.find("token-B"));
        assertNull(tokens.find("token-"));
    }

    @Test
    void aTokenWithoutExpiryOrAlreadyExpiredIsNotKept() {
        tokens.remember("no-expiry", identity(null));
        tokens.remember("expired", identity(clock.instant().minusSeconds(1)));
        assertNull(tokens.find("no-expiry"));
        assertNull(tokens.find("expired"));
    }

    @Test
    void theBearerIsTakenFromTheHeaderOnly() {
        assertSame(null, VerifiedTokens.bearer(null));
        assertSame(null, VerifiedTokens.bearer("Basic abc"));
        assertSame(null, VerifiedTokens.bearer("Bearer "));
        org.junit.jupiter.api.Assertions.assertEquals("abc", VerifiedTokens.bearer("bearer abc"));
    }

    private static QuarkusSecurityIdentity identity(Instant expires) {
        JsonWebToken jwt = new JsonWebToken() {
            @Override
            public String getName() {
                return "c1";
            }

            @Override
            public Set<String> getClaimNames() {
                return expires == null ? Set.of("sub") : Set.of("sub", "exp");
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return claimName.equals("exp") && expires != null ? (T) Long.valueOf(expires.getEpochSecond()) : null;
            }
        };
        return QuarkusSecurityIdentity.builder().setPrincipal(jwt).addRole("customer").build();
    }
}
