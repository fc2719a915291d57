package io.bootc4j.testing;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips (or, under {@code CI=true}, fails) {@link Interop} tests whose tools are missing. The
 * failure is thrown from the condition so that a CI run cannot pass by skipping.
 */
final class RequiredToolsExtension implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        List<String> missing = new ArrayList<>();
        collect(context.getTestClass(), missing);
        collect(context.getTestMethod(), missing);
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("all required tools found");
        }
        String message = "missing tools: " + String.join(", ", missing);
        if ("true".equals(System.getenv("CI"))) {
            throw new ExtensionConfigurationException(message + " (CI=true: interop tests must run)");
        }
        return ConditionEvaluationResult.disabled(message);
    }

    private static void collect(Optional<? extends AnnotatedElement> element, List<String> missing) {
        element.map(e -> e.getAnnotation(Interop.class)).ifPresent(interop -> {
            for (String tool : interop.value()) {
                if (Tools.find(tool).isEmpty()) {
                    String text = tool + " (install the Debian package " + Tools.debianPackage(tool) + ")";
                    if (!missing.contains(text)) {
                        missing.add(text);
                    }
                }
            }
        });
    }
}
