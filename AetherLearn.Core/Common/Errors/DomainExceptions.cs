namespace AetherLearn.Core.Common.Errors;

/// <summary>Input that breaks a rule; <see cref="Details"/> is keyed by the camelCase field name.</summary>
public sealed class DomainValidationException(IReadOnlyDictionary<string, string> details, string message = "Validation failed")
    : Exception(message)
{
    public IReadOnlyDictionary<string, string> Details { get; } = details;

    public static DomainValidationException For(string field, string problem) => new(new Dictionary<string, string> { [field] = problem });
}

/// <summary>Missing, or belonging to another centre (answered the same way so nothing leaks).</summary>
public sealed class NotFoundException(string what) : Exception($"{what} not found");

public sealed class ForbiddenException(string message = "You do not have permission to do this") : Exception(message);

public sealed class ConflictException(string message) : Exception(message);

/// <summary>Collects field errors and throws them together, so a form shows every problem at once.</summary>
public sealed class Validator
{
    private readonly Dictionary<string, string> _errors = new();

    public Validator Require(string field, string? value, string label, int max = 200)
    {
        if (string.IsNullOrWhiteSpace(value)) { _errors.TryAdd(field, $"{label} is required"); }
        else if (value.Length > max) { _errors.TryAdd(field, $"{label} must be at most {max} characters"); }
        return this;
    }

    /// <summary>Every text of <paramref name="request"/> against <see cref="TextRules"/>, reported with this validator's other problems.</summary>
    public Validator Text(object? request, string prefix = "")
    {
        foreach (var (field, problem) in TextRules.Problems(request, prefix)) { _errors.TryAdd(field, problem); }
        return this;
    }

    public Validator Check(bool ok, string field, string problem)
    {
        if (!ok) { _errors.TryAdd(field, problem); }
        return this;
    }

    public Validator Email(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) { _errors.TryAdd(field, "Email is required"); }
        else if (value.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(value, out var parsed) || parsed.Address != value.Trim())
        {
            _errors.TryAdd(field, "Email is not a valid address");
        }
        return this;
    }

    public bool HasErrors => _errors.Count > 0;

    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0) { throw new DomainValidationException(_errors); }
    }
}
