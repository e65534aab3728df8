package io.kubesolo.update.oci;

import io.kubesolo.update.http.HttpResponse;
import io.kubesolo.update.http.RequestBody;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step of the distribution protocol: which request to send and what to make of a successful
 * answer. {@link RegistryCaller} sends it, deals with authentication, redirects and errors, and
 * calls {@link #handle} only for a 2xx answer. Steps never see credentials.
 */
interface RegistryEndpoint<T> {

    /** The HTTP method; most steps read, so GET unless the step says otherwise. */
    default String method() {
        return "GET";
    }

    URI uri();

    /** What the step does, for every message about it: "fetch manifest stable from 127.0.0.1:5000/kubesolo/os". */
    String action();

    default List<String> accept() {
        return List.of();
    }

    default Map<String, String> headers() {
        return Map.of();
    }

    default Optional<RequestBody> body() {
        return Optional.empty();
    }

    /** Makes the result from a 2xx answer. The caller closes the response unless the step took its body. */
    T handle(HttpResponse response) throws IOException;

    /** The result for a 404, when that is an answer rather than a failure (a blob we do not have yet). */
    default Optional<T> whenNotFound() {
        return Optional.empty();
    }

    /** The failure for a 404 that is one. */
    default OciException notFound() {
        return new OciException(OciException.Reason.NOT_FOUND, action() + ": not found");
    }
}
