package app.reseller.billing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** WHAPI's partner report read defensively: the shapes it might take, and the ones that name no day count. */
class PartnerDaysTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"days\":5}                                              | 5",
            "{\"event\":{\"type\":\"days\"},\"days\":\"12\"}             | 12",
            "{\"partner\":{\"remaining_days\":3,\"days_limit\":7}}       | 3",
            "{\"days_limit\":7,\"daysLeft\":2}                           | 2",
            "{\"data\":[{\"balance\":{\"days\":-1}}]}                    | -1",
            "42                                                        | 42",
            "{\"days\":4.5}                                            | ",
            "{\"days_limit\":7}                                        | ",
            "{\"message\":\"low balance\"}                              | ",
            "not json at all                                           | ",
            "[]                                                        | ",
            "''                                                        | "})
    void readsTheDayCountWhereverItIsNamed(String body, Long expected) {
        assertEquals(expected == null ? OptionalLong.empty() : OptionalLong.of(expected), PartnerDays.parse(body));
    }
}
