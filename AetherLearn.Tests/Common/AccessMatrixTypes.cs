using System.Text.Json;
using AetherLearn.Core.Common.Security;
using AetherLearn.Tests.Infrastructure;

namespace AetherLearn.Tests.Common;

/// <summary>
/// The records of one demo centre the matrix builds requests from, seen by one caller (<see cref="Actor"/>).
/// <see cref="Home"/> is the caller's own centre: a request aimed at the other centre can still use the caller's
/// session or path and put only the other centre's student or tutor in the body.
/// </summary>
public sealed record MatrixTargets(
    Role Actor, Guid ActorId, Guid Centre, Guid TargetUser, Guid Tutor, Guid StudentOne, Guid Session, Guid StudentOneEnrolment, Guid EndSession,
    Guid CancelSession, Guid EnrolSession, IReadOnlyDictionary<Role, Guid> EnrolInto, IReadOnlyDictionary<Role, Guid> RemovableEnrolments, Guid Course, Guid Level, Guid Lesson, Guid Exercise,
    Guid Attempt, Guid AutosaveAttempt, Guid Homework, Guid HelpRequest, IReadOnlyDictionary<Role, Guid> AcknowledgeHelp,
    IReadOnlyDictionary<Role, Guid> ResolveHelp, Guid CancelHelp, Guid Notification, Guid PushDevice, IReadOnlyDictionary<Role, Guid> DeadLetters,
    IReadOnlyDictionary<Role, Guid> FailedDeliveries, IReadOnlySet<Guid> Ids, IReadOnlySet<Guid> UserIds, IReadOnlySet<Guid> SessionIds)
{
    private static int _counter;

    /// <summary>The caller's own centre (this one, when the request is aimed at the caller's centre).</summary>
    public MatrixTargets Home { get; init; } = null!;

    /// <summary>An answer to the seeded attempt's exercise (a blank submission is refused).</summary>
    public IReadOnlyDictionary<string, object> Answers { get; init; } = new Dictionary<string, object>();

    /// <summary>A fresh, far-future local date for sessions the matrix creates, so creations never clash.</summary>
    public static string FreshDay() => DateTime.UtcNow.Date.AddDays(400 + Interlocked.Increment(ref _counter)).ToString("yyyy-MM-dd");
}

/// <summary>What happens when a row is aimed at the other centre's records.</summary>
public abstract record OtherCentre
{
    /// <summary>
    /// The request is sent again with the other centre's record (its id in the path, or its student or tutor in the body):
    /// 404 "<paramref name="Resource"/> not found" (ADR 0008). Roles the route's rank refuses get 403 before any lookup,
    /// unless <paramref name="LookupFirst"/> (self-or-role endpoints look the record up first, so it is 404 for everyone).
    /// <paramref name="CrossCentre"/> roles are allowed there by design (the super admin acts in every centre).
    /// </summary>
    public sealed record Hidden(string Resource, bool LookupFirst = false, params Role[] CrossCentre) : OtherCentre;

    /// <summary>
    /// The endpoint names no record (a list, a create, the caller's own settings): the other centre is covered by the
    /// answer itself, which must hold no id of the other centre (checked on every allowed cell) and what <paramref name="Why"/> says.
    /// </summary>
    public sealed record NotInAnswer(string Why) : OtherCentre;

    /// <summary>
    /// The other centre's record is named in the body: refused as a field that names nothing in the caller's centre (400 with
    /// <paramref name="Field"/> in the details), the very answer a made-up id gets, so its existence does not leak.
    /// </summary>
    public sealed record Unknown(string Field) : OtherCentre;
}

/// <summary>An allowed cell's answer, with the caller's centre and the other one, for a row's check.</summary>
public sealed record MatrixAnswer(ApiResponse Response, MatrixTargets Target, MatrixTargets Other, Role Actor)
{
    public JsonElement Data => Response.Data;

    public IEnumerable<JsonElement> Items => Data.ValueKind == JsonValueKind.Array ? Data.EnumerateArray() : Data.GetProperty("items").EnumerateArray();

    public static Guid Id(JsonElement e, string name = "id") => e.GetProperty(name).GetGuid();
}

/// <summary>
/// One endpoint × one way of calling it. <see cref="Endpoint"/> is "METHOD route template" exactly as the app maps it
/// (constraints left out); <see cref="Allowed"/> are the roles that may call it in their own centre, written out here
/// from the contract's auth column (doc6) and ARCHITECTURE.md §4's ranks — never read from the production policies, so
/// widening a policy fails this table. Refused roles must get exactly 403 in the envelope.
/// </summary>
public sealed record AccessRow(string Endpoint, Func<MatrixTargets, string> Path)
{
    /// <summary>Tells two rows of one endpoint apart.</summary>
    public string Label { get; init; } = "";
    public string Name => Label.Length == 0 ? Endpoint : $"{Endpoint} [{Label}]";
    public HttpMethod Method => new(Endpoint[..Endpoint.IndexOf(' ')]);
    public string Route => Endpoint[(Endpoint.IndexOf(' ') + 1)..];

    public Func<MatrixTargets, object?> Body { get; init; } = _ => null;
    public required IReadOnlySet<Role> Allowed { get; init; }
    /// <summary>The status of an allowed call.</summary>
    public int Ok { get; init; } = 200;
    /// <summary>Allowed roles whose call meets a rule after authorisation (a super admin has no notifications: 409).</summary>
    public IReadOnlyDictionary<Role, int> OkFor { get; init; } = new Dictionary<Role, int>();
    /// <summary>Asserts an allowed cell's body: the right object, in the caller's centre.</summary>
    public required Action<MatrixAnswer> Check { get; init; }
    public required OtherCentre Other { get; init; }
    /// <summary>Roles whose answer spans every centre by design (the super admin's lists).</summary>
    public IReadOnlySet<Role> SeesEveryCentre { get; init; } = new HashSet<Role>();
    /// <summary>A streaming answer (SSE): only the status and headers are read.</summary>
    public bool Stream { get; init; }
    /// <summary>The call changes the caller's own sign-in (switching centre): it gets a token of its own.</summary>
    public bool OwnToken { get; init; }
    /// <summary>
    /// An HTML form post of the browser-only /account endpoints, made as a browser does: signed in with the cookie, with the
    /// antiforgery token of the page holding the form (this path). A refused role is sent to the access-denied page.
    /// </summary>
    public string? Form { get; init; }
    /// <summary>A second row of an endpoint whose own-centre cells are the first row's: only the other-centre call is made.</summary>
    public bool OtherCentreOnly { get; init; }

    public int OkStatus(Role role) => OkFor.TryGetValue(role, out var status) ? status : Ok;
}

/// <summary>A browser's keys for push subscriptions the matrix makes.</summary>
internal static class MatrixBrowserKeys
{
    public static readonly PushBrowser Browser = new();
}

/// <summary>A minimal valid content package with a key of its own each time.</summary>
public static class MatrixContent
{
    public static object Package() => new
    {
        courses = new[]
        {
            new
            {
                key = $"m{Guid.NewGuid():N}"[..20], title = "Matrix course", subject = "OTHER",
                levels = new[] { new { number = 1, title = "L1", units = new[] { new { title = "U1", lessons = new[] { new { title = "S1", exercises = new[]
                {
                    new { title = "E1", difficulty = "EASY", estimatedMinutes = 5, questions = new[] { new { id = "q1", type = "NUMERIC", prompt = "1 + 1?", answer = 2 } } },
                } } } } } } },
            },
        },
    };
}
