package io.kubesolo.update.delta;

import java.io.InputStream;

/** Where the chunks a device does not have come from: ranges of the very file a full update downloads. */
public interface RangeSource {

    /**
     * Opens bytes {@code [offset, offset + length)} of the file. The stream may go on past them;
     * the caller reads what it asked for and closes it.
     *
     * @throws DeltaException ({@link DeltaException.Reason#RANGES_UNSUPPORTED}) when the server sent
     *                        the whole file instead of the range
     */
    InputStream open(long offset, long length);

    /** For messages: "registry 127.0.0.1:5000/kubesolo/os". */
    String describe();
}
