package app.reseller.platform.web;

import app.reseller.platform.domain.Refusal;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A refusal of an app's family with no HTTP status is found (and then stops the app's start). */
class RefusalStatusesTest {

    abstract static sealed class ShopRefusal extends Refusal {
        ShopRefusal(String type) {
            super(type, type, type);
        }

        static final class SoldOut extends ShopRefusal {
            SoldOut() {
                super("sold-out");
            }
        }

        static final class Closed extends ShopRefusal {
            Closed() {
                super("closed");
            }
        }
    }

    record Table(Map<Class<? extends Refusal>, Integer> statuses) implements RefusalStatuses {
        @Override
        public Class<? extends Refusal> family() {
            return ShopRefusal.class;
        }
    }

    @Test
    void aRefusalWithoutAStatusIsFound() {
        assertEquals(List.of(ShopRefusal.Closed.class), new Table(Map.of(ShopRefusal.SoldOut.class, 409)).withoutStatus());
        assertTrue(new Table(Map.of(ShopRefusal.SoldOut.class, 409, ShopRefusal.Closed.class, 503)).withoutStatus().isEmpty());
    }

    @Test
    void theAppDoesNotStartWithIt() {
        var incomplete = new Table(Map.of(ShopRefusal.SoldOut.class, 409));
        var thrown = assertThrows(IllegalStateException.class, () -> new RefusalStatusesCheck(instanceOf(incomplete)));
        assertTrue(thrown.getMessage().contains("Closed"), thrown.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static jakarta.enterprise.inject.Instance<RefusalStatuses> instanceOf(RefusalStatuses table) {
        return (jakarta.enterprise.inject.Instance<RefusalStatuses>) java.lang.reflect.Proxy.newProxyInstance(
                RefusalStatusesTest.class.getClassLoader(), new Class<?>[]{jakarta.enterprise.inject.Instance.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "iterator" -> List.of(table).iterator();
                    case "forEach" -> {
                        List.of(table).forEach((java.util.function.Consumer<RefusalStatuses>) args[0]);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
