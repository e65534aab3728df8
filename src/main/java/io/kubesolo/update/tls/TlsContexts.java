package io.kubesolo.update.tls;

import java.net.URI;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/** Which TLS socket factory (trusted certificate authorities, client certificate) each https origin gets. */
public final class TlsContexts {

    private TlsContexts() {
    }

    public static TlsContexts system() {
        return new TlsContexts();
    }

    public SSLSocketFactory socketFactoryFor(URI uri) {
        return HttpsURLConnection.getDefaultSSLSocketFactory();
    }
}
