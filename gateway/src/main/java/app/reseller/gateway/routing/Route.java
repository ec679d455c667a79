package app.reseller.gateway.routing;

import app.reseller.platform.web.ApiKeyScope;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One public route: method and path under the gateway, the service and path it goes to, and who
 * may call it. {@code {name}} in a path is one path segment; the same names may appear in the target.
 */
public final class Route {

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z]+)}");

    private final String operationId;
    private final String method;
    private final String path;
    private final Downstream target;
    private final String targetPath;
    private final Set<String> roles;
    private final ApiKeyScope scope;
    private final Pattern regex;
    private final boolean callsProvider;

    /** @param roles the roles that may call it; empty for a provider webhook (its own secret protects it) */
    public Route(String operationId, String method, String path, Downstream target, String targetPath, Set<String> roles) {
        this(operationId, method, path, target, targetPath, roles, null, false);
    }

    /**
     * @param scope         what an API key needs to call it; null: no key may (people only)
     * @param callsProvider the service calls WHAPI or Wappin before it answers, so the call gets the
     *                      longer provider-call time budget (docs/gateway.md, "Timeouts")
     */
    public Route(String operationId, String method, String path, Downstream target, String targetPath, Set<String> roles,
                 ApiKeyScope scope, boolean callsProvider) {
        if (scope != null && !roles.contains("customer")) {
            throw new IllegalArgumentException(operationId + ": an API key acts as a customer, so a scope needs the customer role");
        }
        this.scope = scope;
        this.operationId = operationId;
        this.callsProvider = callsProvider;
        this.method = method;
        this.path = path;
        this.target = target;
        this.targetPath = targetPath;
        this.roles = Set.copyOf(roles);
        StringBuilder regex = new StringBuilder();
        for (String segment : path.substring(1).split("/")) {
            regex.append('/').append(PARAMETER.matcher(segment).matches() ? "([^/]+)" : Pattern.quote(segment));
        }
        this.regex = Pattern.compile(regex.toString());
    }

    /** The operation's name in the public OpenAPI document (and in a client generated from it). */
    public String operationId() {
        return operationId;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public Downstream target() {
        return target;
    }

    public Set<String> roles() {
        return roles;
    }

    /** The scope an API key needs for this route, or null when no key may call it. */
    public ApiKeyScope scope() {
        return scope;
    }

    public boolean callsProvider() {
        return callsProvider;
    }

    public boolean isWebhook() {
        return roles.isEmpty();
    }

    /** Whether this route's path template matches a concrete path, whatever the method. */
    public boolean matchesPath(String concretePath) {
        return regex.matcher(concretePath).matches();
    }

    /** The target path for a concrete public path, or null when this route does not match it. */
    public String targetFor(String method, String concretePath) {
        if (!this.method.equals(method)) {
            return null;
        }
        Matcher m = regex.matcher(concretePath);
        if (!m.matches()) {
            return null;
        }
        String result = targetPath;
        Matcher names = PARAMETER.matcher(path);
        int group = 1;
        while (names.find()) {
            result = result.replace("{" + names.group(1) + "}", m.group(group++));
        }
        return result;
    }

    /** A concrete path for this route with sample values, for tests that walk the route table. */
    public String example() {
        return PARAMETER.matcher(path).replaceAll("00000000-0000-0000-0000-000000000001");
    }

    @Override
    public String toString() {
        return method + " " + path + " -> " + target + " " + targetPath + " " + (isWebhook() ? "(webhook)" : roles + (scope == null ? "" : " " + scope));
    }
}
