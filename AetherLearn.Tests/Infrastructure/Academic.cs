using System.Text.Json;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Security;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Tests.Infrastructure;

/// <summary>Looks up demo data for the academic tests.</summary>
public static class Academic
{
    public static async Task<Guid> UserIdAsync(AppHost host, string email)
    {
        await using var db = host.Db();
        var normalized = email.ToUpperInvariant();
        return await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).SingleAsync();
    }

    public static async Task<Guid> CourseAsync(AppHost host, string key)
    {
        await using var db = host.Db();
        return await db.Courses.Where(c => c.Key == key && c.CentreId == null).Select(c => c.Id).SingleAsync();
    }

    /// <summary>The demo "Maths club" of the test clock's day in Northside.</summary>
    public static async Task<Guid> TodaysMathsClubAsync(AppHost host, ApiClient tutor)
    {
        var today = await tutor.GetAsync("/api/v1/sessions/today");
        Assert.Equal(System.Net.HttpStatusCode.OK, today.Status);
        return today.Data.EnumerateArray().First(s => s.GetProperty("title").GetString() == "Maths club").GetProperty("id").GetGuid();
    }

    /// <summary>Outbox rows of a type whose payload has <paramref name="property"/> = <paramref name="value"/>.</summary>
    public static async Task<IReadOnlyList<JsonElement>> EventsAsync(AppHost host, string type, string property, string value)
    {
        await using var db = host.Db();
        var rows = await db.OutboxMessages.Where(m => m.Type == type).Select(m => m.Payload).ToListAsync();
        return rows.Select(p => JsonDocument.Parse(p).RootElement.Clone())
            .Where(p => p.TryGetProperty(property, out var v) && string.Equals(v.ToString(), value, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    public static string Tutor => Demo.Email(Role.Teacher);
    public static string Supervisor => Demo.Email(Role.Supervisor);
}
