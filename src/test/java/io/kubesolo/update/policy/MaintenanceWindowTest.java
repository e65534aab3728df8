package io.kubesolo.update.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MaintenanceWindowTest {

    @ParameterizedTest(name = "{0} at {1} is open: {2}")
    @CsvSource({
        "02:00-04:00, 01:59, false",
        "02:00-04:00, 02:00, true",
        "02:00-04:00, 03:59, true",
        "02:00-04:00, 04:00, false",
        "23:00-01:00, 22:59, false",
        "23:00-01:00, 23:00, true",
        "23:00-01:00, 00:30, true",
        "23:00-01:00, 01:00, false",
        "23:00-01:00, 12:00, false",
        "03:00-03:00, 03:00, false",
        "03:00-03:00, 15:00, false",
        "00:00-23:59, 23:58, true",
        "00:00-23:59, 23:59, false"
    })
    void opensAtTheStartAndClosesAtTheEnd(String window, String time, boolean open) {
        assertThat(MaintenanceWindow.parse(window).isOpenAt(LocalTime.parse(time)))
                .isEqualTo(open);
    }

    @Test
    void anEmptyWindowIsAlwaysOpen() {
        assertThat(MaintenanceWindow.parse("").isOpenAt(LocalTime.NOON)).isTrue();
        assertThat(MaintenanceWindow.parse(null).isAlwaysOpen()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2:00-4:00", "02:00", "24:00-01:00", "02:60-03:00", "02:00 - 04:00", "night"})
    void junkIsRefusedWithTheExpectedForm(String junk) {
        assertThatThrownBy(() -> MaintenanceWindow.parse(junk))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("maintenance window '" + junk + "' is not HH:MM-HH:MM");
    }

    @Test
    void theGateReadsLocalTimeFromItsClockAndForceSkipsIt() {
        Clock quarterPastMidnightInBerlin =
                Clock.fixed(Instant.parse("2026-01-10T23:15:00Z"), ZoneId.of("Europe/Berlin"));
        MaintenanceWindow window = MaintenanceWindow.parse("00:00-01:00");

        assertThat(new MaintenanceWindowGate(window, quarterPastMidnightInBerlin, false)
                        .evaluate()
                        .allowed())
                .isTrue();
        Clock utc = quarterPastMidnightInBerlin.withZone(ZoneId.of("UTC"));
        Decision closed = new MaintenanceWindowGate(window, utc, false).evaluate();
        assertThat(closed.message())
                .isEqualTo("refused by the maintenance window gate: local time 23:15, window 00:00-01:00 is closed");
        assertThat(new MaintenanceWindowGate(window, utc, true).evaluate().allowed())
                .isTrue();
    }
}
