package app.reseller.gateway.service;

import app.reseller.gateway.routing.Downstream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.openapi.api.OpenApiConfig;
import io.smallrye.openapi.runtime.io.Format;
import io.smallrye.openapi.runtime.io.OpenApiParser;
import io.smallrye.openapi.runtime.io.OpenApiSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public document built from two small service descriptions, through the OpenAPI model. */
class PublicApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    // both services define "View", differently; billing's "Unused" is referenced by nothing
    private static final String BILLING = """
            {"openapi":"3.1.0","paths":{"/plans":{"get":{"operationId":"list","responses":{"200":{"description":"OK",
              "content":{"application/json":{"schema":{"type":"array","items":{"$ref":"#/components/schemas/View"}}}}},
              "401":{"description":"Not Authorized"}},"security":[{"SecurityScheme":["admin"]}]}},
             "/customers/{customerId}/balance":{"get":{"operationId":"balance","parameters":[{"name":"customerId","in":"path",
              "required":true,"schema":{"type":"string"}}],"responses":{"200":{"description":"OK"}}}}},
             "components":{"schemas":{"View":{"type":"object","properties":{"days":{"type":"integer"}}},
              "Unused":{"type":"string"}}}}""";
    private static final String CHANNEL = """
            {"openapi":"3.1.0","paths":{"/channels/{id}":{"get":{"operationId":"get","parameters":[{"name":"id","in":"path",
              "required":true,"schema":{"type":"string"}}],"responses":{"200":{"description":"OK",
              "content":{"application/json":{"schema":{"$ref":"#/components/schemas/View"}}}},
              "409":{"description":"Channel limit reached"}}}},
             "/webhooks/whapi/{channelId}":{"post":{"operationId":"receive","parameters":[{"name":"channelId","in":"path",
              "required":true,"schema":{"type":"string"}}],"requestBody":{"content":{"application/json":{"schema":{"type":"object"}}}},
              "responses":{"200":{"description":"OK"}}}}},
             "components":{"schemas":{"View":{"type":"object","properties":{"name":{"type":"string"}}}}}}""";

    @Test
    void routesGetTheirNamesTagsSecurityAndProblemAnswersAndClashingSchemasAreRenamedWithTheirReferences() throws Exception {
        JsonNode doc = build(Map.of(Downstream.BILLING, BILLING, Downstream.CHANNEL, CHANNEL));

        JsonNode plans = doc.at("/paths/~1api~1v1~1plans/get");
        assertEquals("listPlans", plans.path("operationId").asText(), "the route table names the operation");
        assertEquals("Billing", plans.at("/tags/0").asText());
        assertEquals("[{\"bearer\":[]}]", plans.path("security").toString(), "the service's scheme gives way to the gateway's");
        assertEquals("#/components/schemas/View", plans.at("/responses/200/content/application~1json/schema/items/$ref").asText());
        for (String code : List.of("401", "403", "429", "502", "503", "504")) {
            assertEquals("#/components/schemas/Problem", plans.at("/responses/" + code + "/content/application~1problem+json/schema/$ref").asText(),
                    code + " is a problem");
        }
        assertEquals("No valid bearer token.", plans.at("/responses/401/description").asText(), "SmallRye's placeholder is replaced");
        assertEquals("#/components/headers/Retry-After", plans.at("/responses/429/headers/Retry-After/$ref").asText());

        JsonNode balance = doc.at("/paths/~1api~1v1~1customers~1{customerId}~1balance/get");
        assertEquals("getCustomerBalance", balance.path("operationId").asText(), "the public path names its parameter as the service does");

        JsonNode channel = doc.at("/paths/~1api~1v1~1channels~1{id}/get");
        assertEquals("getChannel", channel.path("operationId").asText());
        assertEquals("#/components/schemas/Channel_View", channel.at("/responses/200/content/application~1json/schema/$ref").asText(),
                "channel's View differs from billing's: renamed, and its reference follows");
        assertEquals("Channel limit reached", channel.at("/responses/409/description").asText(), "the service's own refusal stays");
        assertTrue(channel.at("/responses/409/content/application~1problem+json").isObject());
        assertTrue(channel.at("/responses/404").isObject(), "an operation on an id can answer 404");

        JsonNode webhook = doc.at("/paths/~1webhooks~1whapi~1{channelId}/post");
        assertEquals("receiveWhapiWebhook", webhook.path("operationId").asText());
        assertEquals("[]", webhook.path("security").toString(), "a webhook carries its provider's secret, no JWT");
        assertTrue(webhook.at("/responses/401").isObject() && webhook.at("/responses/403").isMissingNode());
        assertEquals("Webhooks", webhook.at("/tags/0").asText());

        JsonNode schemas = doc.at("/components/schemas");
        assertTrue(schemas.has("View") && schemas.has("Channel_View") && schemas.has("Problem"));
        assertEquals("integer", schemas.at("/View/properties/days/type").asText(), "billing's View kept its name");
        assertFalse(schemas.has("Unused"), "a schema no operation reaches is left out");
        assertEquals("[\"messaging\"]", doc.path("x-missing-services").toString());
        assertEquals("https://api.example.test", doc.at("/servers/0/url").asText());
        assertEquals(List.of("Billing", "Channels", "Webhooks"), JSON.convertValue(doc.path("tags").findValuesAsText("name"), List.class));
    }

    @Test
    void aSchemaBothServicesDefineTheSameWayIsKeptOnce() throws Exception {
        JsonNode doc = build(Map.of(Downstream.BILLING, BILLING, Downstream.CHANNEL, CHANNEL.replace(
                "\"View\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}",
                "\"View\":{\"type\":\"object\",\"properties\":{\"days\":{\"type\":\"integer\"}}}")));
        assertFalse(doc.at("/components/schemas").has("Channel_View"));
        assertEquals("#/components/schemas/View", doc.at("/paths/~1api~1v1~1channels~1{id}/get/responses/200/content/application~1json/schema/$ref").asText());
    }

    private static JsonNode build(Map<Downstream, String> descriptions) throws Exception {
        OpenApiConfig config = OpenApiConfig.fromConfig(ConfigProvider.getConfig());
        Map<Downstream, PublicApiDocument.Source> sources = new EnumMap<>(Downstream.class);
        for (var e : descriptions.entrySet()) {
            sources.put(e.getKey(), new PublicApiDocument.Source(OpenApiParser.parse(
                    new ByteArrayInputStream(e.getValue().getBytes(StandardCharsets.UTF_8)), Format.JSON, config), JSON.readTree(e.getValue())));
        }
        return JSON.readTree(OpenApiSerializer.serialize(new PublicApiDocument("https://api.example.test").build(sources, null), Format.JSON));
    }
}
