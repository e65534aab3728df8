package io.kubesolo.update.http.wire;

import io.kubesolo.update.Closeables;
import io.kubesolo.update.retry.Deadline;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Opens connections: TCP to the origin or to its proxy within the connect timeout, a
 * {@code CONNECT} tunnel through the proxy for https, then TLS with the origin's host name checked
 * against its certificate (as browsers and curl check it).
 */
public final class Connector {

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration responseDeadline;
    private final Deadline overall;
    private final String userAgent;

    /**
     * @param responseDeadline bounds a proxy's answer to {@code CONNECT} and the TLS handshake, each as a whole
     * @param overall          the run's deadline: no connection is begun after it
     */
    public Connector(
            Duration connectTimeout,
            Duration readTimeout,
            Duration responseDeadline,
            Deadline overall,
            String userAgent) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.responseDeadline = responseDeadline;
        this.overall = overall;
        this.userAgent = userAgent;
    }

    /**
     * A new connection for {@code route}.
     *
     * @param tls the socket factory for the origin, used when the route is https
     * @throws BoundReachedException  when the run's deadline has passed, or the proxy's answer to
     *                                {@code CONNECT} took longer than the response deadline
     * @throws SocketTimeoutException when the TLS handshake took longer than the response deadline
     */
    public Connection open(Route route, SSLSocketFactory tls) throws IOException {
        if (overall.passed()) {
            throw new BoundReachedException(BoundReachedException.Bound.OVERALL);
        }
        InetSocketAddress address = route.proxy()
                .map(proxy -> new InetSocketAddress(proxy.getHostString(), proxy.getPort()))
                .orElseGet(() -> new InetSocketAddress(route.host(), route.port()));
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int)
                    Math.max(1, shorter(connectTimeout, overall.remaining()).toMillis()));
            if (!route.secure()) {
                return new Connection(route, socket, readTimeout, overall);
            }
            if (route.proxy().isPresent()) {
                tunnel(route, socket);
            }
            return new Connection(route, handshake(route, socket, tls), readTimeout, overall);
        } catch (IOException | RuntimeException e) {
            Closeables.closeQuietly(socket);
            throw e;
        }
    }

    /** Asks the proxy for a tunnel to the origin; what follows its 200 answer is the origin's. */
    private void tunnel(Route route, Socket socket) throws IOException {
        Connection proxy = new Connection(route, socket, readTimeout, overall);
        proxy.send(RequestHead.connect(route, userAgent), null);
        proxy.boundResponse(responseDeadline);
        ResponseHead answer = ResponseHead.read(proxy);
        if (answer.status() != 200) {
            throw new IOException("the proxy " + route.proxy().orElseThrow().getHostString() + ":"
                    + route.proxy().orElseThrow().getPort() + " refused a tunnel to " + route.hostAndPort()
                    + ": HTTP " + answer.status() + (answer.reason().isEmpty() ? "" : " " + answer.reason()));
        }
    }

    /**
     * TLS over {@code socket}, the whole handshake within the response deadline: a watchdog closes
     * the socket when it is not done in time, since a handshake's reads happen inside the JDK,
     * each bounded only by the read timeout.
     */
    private SSLSocket handshake(Route route, Socket socket, SSLSocketFactory tls) throws IOException {
        SSLSocket secure = (SSLSocket) tls.createSocket(socket, route.host(), route.port(), true);
        SSLParameters parameters = secure.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        secure.setSSLParameters(parameters);
        secure.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
        Watchdog.Watch watch = Watchdog.close(socket, shorter(responseDeadline, overall.remaining()));
        boolean late;
        try {
            secure.startHandshake();
            late = watch.stop();
        } catch (IOException e) {
            if (!watch.stop()) {
                throw e;
            }
            late = true;
        }
        if (late) {
            throw new SocketTimeoutException("the TLS handshake with " + route.hostAndPort() + " did not finish within "
                    + responseDeadline.toMillis() + " ms");
        }
        return secure;
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
