package io.kubesolo.update.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ListenAddressTest {

    @Test
    void parsesHostsNamesAndBracketedIpv6() {
        assertThat(ListenAddress.parse("127.0.0.1:9723")).isEqualTo(new ListenAddress("127.0.0.1", 9723));
        assertThat(ListenAddress.parse("localhost:0")).isEqualTo(new ListenAddress("localhost", 0));
        assertThat(ListenAddress.parse("[::1]:9723")).isEqualTo(new ListenAddress("::1", 9723));
        assertThat(ListenAddress.parse("[::1]:9723")).hasToString("[::1]:9723");
    }

    @Test
    void theDefaultIsLoopback() {
        assertThat(ListenAddress.parse(ListenAddress.DEFAULT)
                        .resolve()
                        .getAddress()
                        .isLoopbackAddress())
                .isTrue();
        assertThat(ListenAddress.parse("[::1]:1").resolve().getAddress().isLoopbackAddress())
                .isTrue();
        assertThat(ListenAddress.parse("0.0.0.0:1").resolve().getAddress().isLoopbackAddress())
                .isFalse();
    }

    @Test
    void refusesWhatIsNotHostColonPort() {
        assertThatThrownBy(() -> ListenAddress.parse("9723")).hasMessage("'9723' is not HOST:PORT");
        assertThatThrownBy(() -> ListenAddress.parse(":9723")).hasMessage("':9723' is not HOST:PORT");
        assertThatThrownBy(() -> ListenAddress.parse("host:")).hasMessage("'host:' is not HOST:PORT");
        assertThatThrownBy(() -> ListenAddress.parse("::1:9723")).hasMessageContaining("in brackets");
        assertThatThrownBy(() -> ListenAddress.parse("host:http")).hasMessageContaining("port 'http' is not a number");
        assertThatThrownBy(() -> ListenAddress.parse("host:70000")).hasMessage("port 70000 is outside 0..65535");
    }
}
