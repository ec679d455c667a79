package app.reseller.platform.events;

import app.reseller.infra.PlatformInfraResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** ARCHITECTURE.md invariant 4, the part the kit guarantees: the change and its event commit together. */
@QuarkusTest
@WithTestResource(value = PlatformInfraResource.class, scope = TestResourceScope.MATCHING_RESOURCES, initArgs = {
        @ResourceArg(name = "database", value = ProbeInfra.DATABASE),
        @ResourceArg(name = "topics", value = "probe.events")})
class Invariant4StateChangeAndEventCommitTogetherTest {

    @Inject
    Outbox outbox;

    @Test
    void aRolledBackChangeLeavesNeitherStateNorEvent() {
        given().post("/probe/rolled-back/1?failAfterEvent=true").then().statusCode(500)
                .contentType("application/problem+json").body("type", is("urn:reseller:problem:internal-error"));
        assertEquals(0, ProbeInfra.count("select count(*) from probe_change where aggregate_id = 'rolled-back'"));
        assertEquals(0, ProbeInfra.count("select count(*) from outbox_event where aggregateid = 'rolled-back'"));
    }

    @Test
    void aCommittedChangeHasExactlyOneEventCarryingItsCloudEventAttributes() {
        given().post("/probe/committed/1").then().statusCode(204);
        assertEquals(1, ProbeInfra.count("select count(*) from probe_change where aggregate_id = 'committed'"));
        assertEquals(1, ProbeInfra.count("select count(*) from outbox_event where aggregateid = 'committed'"));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                !ProbeInfra.recordsOf("probe.events", "committed"::equals).isEmpty());
        var record = ProbeInfra.recordsOf("probe.events", "committed"::equals).get(0);
        String eventId = ProbeInfra.query("select id::text from outbox_event where aggregateid = 'committed'", rs -> rs.getString(1)).get(0);
        assertEquals(Map.of(
                        "ce_id", eventId,
                        "ce_type", "probe.ProbeChanged.v1",
                        "ce_source", "/reseller/events-kit-probe",
                        "ce_subject", "committed",
                        "ce_specversion", "1.0"),
                Map.of("ce_id", ProbeInfra.header(record, "ce_id"),
                        "ce_type", ProbeInfra.header(record, "ce_type"),
                        "ce_source", ProbeInfra.header(record, "ce_source"),
                        "ce_subject", ProbeInfra.header(record, "ce_subject"),
                        "ce_specversion", ProbeInfra.header(record, "ce_specversion")));
    }

    @Test
    @RunOnVertxContext
    void anEventCannotBeWrittenOutsideATransaction(UniAsserter asserter) {
        asserter.assertFailedWith(() -> Panache.withSession(() -> outbox.append(new OutboxMessage(
                        "probe.events", "probe", "no-tx", "probe.ProbeChanged.v1", Map.of("seq", 1)))),
                IllegalStateException.class);
    }
}
