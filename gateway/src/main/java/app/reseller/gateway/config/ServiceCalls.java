package app.reseller.gateway.config;

import app.reseller.platform.calls.CallPolicy;

/**
 * How the calls the gateway itself makes to the services are guarded
 * ({@code gateway.services.calls.<call>.*}): the dashboard's parts (each part its own breaker), the
 * API key resolution and the OpenAPI documents it merges. Forwarded routes are not calls of this
 * kind: their budget is {@code gateway.services.timeout} / {@code .provider-call-timeout}.
 */
public interface ServiceCalls {

    /** Each of the dashboard's parts: past its timeout the dashboard answers without it. */
    CallPolicy dashboardPart();

    CallPolicy apiKeyResolution();

    CallPolicy openapi();

    /** A page of one service's activity trail: the merged trail fails as a whole past it (an audit is never shown with a hole). */
    CallPolicy trailPage();
}
