package io.kubesolo.update.proxy;

import io.kubesolo.update.Outcome;
import io.kubesolo.update.UpdateException;

/** A proxy variable of the environment that cannot be used: not a URL, another scheme, credentials. */
public final class ProxyException extends UpdateException {

    public ProxyException(String message) {
        super(Outcome.USAGE, message);
    }
}
