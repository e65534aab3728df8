package io.kubesolo.update;

import java.util.List;

/** A release as found on a source: its metadata and the artifacts that go into a slot. */
public record Release(ReleaseMetadata metadata, List<Artifact> artifacts) {

    public Release {
        artifacts = List.copyOf(artifacts);
    }
}
