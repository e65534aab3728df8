package io.kubesolo.update.cli;

import io.kubesolo.update.RolloutPercent;
import io.kubesolo.update.UpdateException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --rollout-percent}: a malformed value is a usage error naming the flag. */
final class RolloutPercentConverter implements ITypeConverter<RolloutPercent> {

    @Override
    public RolloutPercent convert(String value) {
        try {
            return RolloutPercent.parse(value, "--rollout-percent");
        } catch (UpdateException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
