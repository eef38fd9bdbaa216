package dev.replenish.local.pipeline;

import dev.replenish.core.pipeline.PipelineStep;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Iterator;

/** Reads a step by its id ("load-features"), as the state machine names it. */
final class StepConverter implements ITypeConverter<PipelineStep> {

    @Override
    public PipelineStep convert(String value) {
        try {
            return PipelineStep.byId(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(PipelineStep.values()).map(PipelineStep::id).iterator();
        }
    }
}
