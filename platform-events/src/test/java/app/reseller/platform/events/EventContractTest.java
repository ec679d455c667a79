package app.reseller.platform.events;

import app.reseller.platform.events.contract.BillingEvents;
import app.reseller.platform.events.contract.ChannelEvents;
import app.reseller.platform.events.contract.MessagingEvents;
import app.reseller.platform.events.contract.PlatformEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every event of the contract knows its own type, topic and key, and its payload is its components
 * only: the consumers' contract did not change when the events learnt their type.
 */
class EventContractTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    @Test
    void everyEventCarriesItsTypeAndKeyAndOnlyItsComponentsAsPayload() throws Exception {
        List<Class<?>> events = Stream.of(BillingEvents.class, ChannelEvents.class, MessagingEvents.class)
                .flatMap(contract -> Arrays.stream(contract.getDeclaredClasses())).filter(Class::isRecord).toList();
        assertEquals(28, events.size(), "the contract's events: " + events);
        Set<String> types = new HashSet<>();
        for (Class<?> event : events) {
            assertTrue(PlatformEvent.class.isAssignableFrom(event), event + " knows its type and key");
            PlatformEvent instance = sample(event);
            assertEquals(event.getField("TYPE").get(null), instance.type(), event + "'s type is its TYPE");
            assertTrue(types.add(instance.type()), "one type per event: " + instance.type());
            assertTrue(instance.type().startsWith(instance.topic().split("\\.")[0] + "."), event + " goes on its context's topic");
            assertNotNull(instance.aggregateId(), event + " has a key");
            assertFalse(instance.aggregateType().isBlank());

            JsonNode payload = JSON.valueToTree(instance);
            List<String> fields = new ArrayList<>();
            payload.fieldNames().forEachRemaining(fields::add);
            assertEquals(Arrays.stream(event.getRecordComponents()).map(RecordComponent::getName).sorted().toList(),
                    fields.stream().sorted().toList(), event + "'s payload is its components");
            assertEquals(instance, JSON.treeToValue(payload, event), event + " reads back as it was written");
        }
    }

    /** An instance with a value in every component (ids, texts, numbers, times). */
    private static PlatformEvent sample(Class<?> event) throws Exception {
        RecordComponent[] components = event.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> type = components[i].getType();
            types[i] = type;
            values[i] = type == String.class ? components[i].getName() + "-1"
                    : type == UUID.class ? UUID.randomUUID()
                    : type == Instant.class ? Instant.parse("2026-12-03T10:15:30Z")
                    : type == int.class ? 3
                    : type == long.class ? 4L
                    : type == boolean.class ? Boolean.TRUE
                    : null;
            assertNotNull(values[i], "a sample value for " + type + " in " + event);
        }
        return (PlatformEvent) event.getDeclaredConstructor(types).newInstance(values);
    }
}
