using AetherLearn.Core.Common;

namespace AetherLearn.Web.Common;

/// <summary>
/// Query-string values under /api follow the text rule of bodies (<see cref="TextRules"/>): a NUL in <c>?search=</c>
/// reached PostgreSQL as a query parameter and came back as a 500. Refused here once, for every endpoint, with a 400
/// naming the parameter.
/// </summary>
internal sealed class ApiQueryTextMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (ApiPaths.IsApi(context) && context.Request.QueryString.HasValue)
        {
            var problems = new Dictionary<string, string>();
            foreach (var (name, values) in context.Request.Query)
            {
                var field = TextRules.Problem(name, TextLimits.Key) is null ? name : "query";
                foreach (var value in values)
                {
                    if ((TextRules.Problem(name, TextLimits.Key) ?? TextRules.Problem(value, TextLimits.QueryValue)) is { } problem) { problems.TryAdd(field, problem); }
                }
            }
            if (problems.Count > 0)
            {
                await ApiPaths.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Validation failed", problems);
                return;
            }
        }
        await next(context);
    }
}
