package io.kubesolo.update.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which proxy each URL goes through, as curl and Go read the variables. */
class ProxyRulesTest {

    private static String via(ProxyRules rules, String url) {
        return rules.proxyFor(URI.create(url))
                .map(address -> address.getHostString() + ":" + address.getPort())
                .orElse("direct");
    }

    @Test
    void httpsAndHttpEachHaveTheirVariable() {
        ProxyRules rules = ProxyRules.fromEnvironment(
                Map.of("HTTPS_PROXY", "http://secure-proxy:3128", "HTTP_PROXY", "plain-proxy:8080"));
        assertThat(via(rules, "https://r.example.com/v2/")).isEqualTo("secure-proxy:3128");
        assertThat(via(rules, "http://updates.example.com/latest.json")).isEqualTo("plain-proxy:8080");
        assertThat(via(ProxyRules.fromEnvironment(Map.of("HTTPS_PROXY", "http://p")), "http://h/"))
                .isEqualTo("direct");
        assertThat(via(ProxyRules.fromEnvironment(Map.of("https_proxy", "http://p")), "https://h/"))
                .isEqualTo("p:80");
        assertThat(via(ProxyRules.none(), "https://h/")).isEqualTo("direct");
    }

    @Test
    void lowerCaseWinsAndEmptyIsUnset() {
        ProxyRules rules = ProxyRules.fromEnvironment(Map.of(
                "https_proxy",
                "http://lower:1",
                "HTTPS_PROXY",
                "http://upper:2",
                "http_proxy",
                " ",
                "HTTP_PROXY",
                "http://upper:3"));
        assertThat(via(rules, "https://h/")).isEqualTo("lower:1");
        assertThat(via(rules, "http://h/")).isEqualTo("upper:3");
    }

    @Test
    void noProxyMatchesDomainsPortsAddressesAndBlocks() {
        ProxyRules rules = ProxyRules.fromEnvironment(Map.of(
                "HTTPS_PROXY",
                "http://p:3128",
                "HTTP_PROXY",
                "http://p:3128",
                "NO_PROXY",
                "example.com, .internal,*.corp.net registry.local:5000,10.1.2.3,192.168.0.0/16,[::1]:8443,fd00::/8"));
        assertThat(via(rules, "https://example.com/")).isEqualTo("direct");
        assertThat(via(rules, "https://r.EXAMPLE.com/")).isEqualTo("direct");
        assertThat(via(rules, "https://badexample.com/")).isEqualTo("p:3128");
        assertThat(via(rules, "https://a.b.internal/")).isEqualTo("direct");
        assertThat(via(rules, "https://internal/")).isEqualTo("direct");
        assertThat(via(rules, "https://x.corp.net/")).isEqualTo("direct");
        assertThat(via(rules, "http://registry.local:5000/v2/")).isEqualTo("direct");
        assertThat(via(rules, "https://registry.local/v2/")).isEqualTo("p:3128");
        assertThat(via(rules, "http://10.1.2.3/")).isEqualTo("direct");
        assertThat(via(rules, "http://10.1.2.30/")).isEqualTo("p:3128");
        assertThat(via(rules, "http://192.168.7.9:8080/")).isEqualTo("direct");
        assertThat(via(rules, "http://192.169.0.1/")).isEqualTo("p:3128");
        assertThat(via(rules, "https://[::1]:8443/")).isEqualTo("direct");
        assertThat(via(rules, "https://[::1]:9443/")).isEqualTo("p:3128");
        assertThat(via(rules, "https://[fd12::5]/")).isEqualTo("direct");
        assertThat(via(rules, "https://[fe80::1]/")).isEqualTo("p:3128");
    }

    @Test
    void aStarBypassesEverything() {
        ProxyRules rules = ProxyRules.fromEnvironment(Map.of("HTTPS_PROXY", "http://p:3128", "no_proxy", "*"));
        assertThat(via(rules, "https://anything.example/")).isEqualTo("direct");
    }

    @Test
    void unusableProxiesAreUsageErrors() {
        assertThatThrownBy(() -> ProxyRules.fromEnvironment(Map.of("HTTPS_PROXY", "https://p:3128")))
                .isInstanceOf(ProxyException.class)
                .hasMessageContaining("HTTPS_PROXY 'https://p:3128' uses scheme https");
        assertThatThrownBy(() -> ProxyRules.fromEnvironment(Map.of("http_proxy", "socks5://p:1080")))
                .hasMessageContaining("only http:// proxies are supported");
        assertThatThrownBy(() -> ProxyRules.fromEnvironment(Map.of("HTTPS_PROXY", "http://user:secret@p:3128")))
                .hasMessage("HTTPS_PROXY names a proxy with credentials; proxy authentication is not supported")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(
                        () -> ProxyRules.fromEnvironment(Map.of("HTTPS_PROXY", "http://p", "NO_PROXY", "10.0.0.0/40")))
                .hasMessageContaining("NO_PROXY entry '10.0.0.0/40' has a prefix length outside 0..32");
        assertThatThrownBy(() -> ProxyRules.fromEnvironment(Map.of("HTTPS_PROXY", "http://p", "NO_PROXY", "host:http")))
                .hasMessageContaining("has a port that is not a number");
    }
}
