using System.Text.RegularExpressions;
using AetherLearn.Core.Common;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Centres;

internal sealed partial class CentreService(IDbSessionFactory dbFactory, ICurrentUser currentUser, CentreNetworks networks, CentreSettingsCache settingsCache) : ICentreService
{
    public async Task<IReadOnlyList<CentreSummary>> ListAsync(CancellationToken ct = default)
    {
        if (currentUser.Role != Role.SuperAdmin) { throw new ForbiddenException(); }
        await using var db = dbFactory.CreateSystem<ICentresDb>(Actor.From(currentUser));
        return await db.Centres.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new CentreSummary(c.Id, c.Name, c.Slug, c.TimeZone, c.Currency, c.IsActive))
            .ToListAsync(ct);
    }

    public async Task<CentreDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        EnsureCanSee(id);
        await using var db = dbFactory.CreateSystem<ICentresDb>(Actor.From(currentUser));
        var centre = await db.Centres.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("Centre");
        return ToDetail(centre);
    }

    public async Task<CentreDetail> UpdateConfigAsync(Guid id, UpdateCentreConfigRequest request, CancellationToken ct = default)
    {
        EnsureCanSee(id);
        Validate(request);
        await using var db = dbFactory.CreateSystem<ICentresDb>(Actor.From(currentUser));
        var centre = await db.Centres.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("Centre");
        if (request.TimeZone is not null) { centre.TimeZone = request.TimeZone; }
        if (request.Currency is not null) { centre.Currency = request.Currency.ToUpperInvariant(); }
        var config = centre.Config;
        centre.Config = config with
        {
            OpeningHours = request.OpeningHours?.OrderBy(h => ((int)h.Day + 6) % 7).ToList() ?? config.OpeningHours,
            Branding = request.Branding ?? config.Branding,
            // Features merge so a client may switch one off without restating the others.
            Features = request.Features is null
                ? config.Features
                : CentreFeatures.Keys.ToDictionary(k => k, k => request.Features.TryGetValue(k, out var on) ? on : config.Features.GetValueOrDefault(k, true)),
            RequireTwoFactorForStaff = request.RequireTwoFactorForStaff ?? config.RequireTwoFactorForStaff,
            MasteryThresholdPercent = request.MasteryThresholdPercent ?? config.MasteryThresholdPercent,
            SignInNetworks = request.SignInNetworks?.Select(n => CentreNetworks.Parse(n)!.Value.ToString()).Distinct().ToList() ?? config.SignInNetworks,
            AnswerReveal = request.AnswerReveal ?? config.AnswerReveal,
            MaxAttemptsPerExercise = request.MaxAttemptsPerExercise ?? config.MaxAttemptsPerExercise,
        };
        await db.SaveChangesAsync(ct);
        if (request.SignInNetworks is not null) { networks.Invalidate(); }
        // Switches and branding apply from the next request on this node (ICentreFeatures).
        settingsCache.Forget(id);
        return ToDetail(centre);
    }

    public async Task<CentreSummary?> FindSummaryAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateSystem<ICentresDb>();
        return await db.Centres.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new CentreSummary(c.Id, c.Name, c.Slug, c.TimeZone, c.Currency, c.IsActive))
            .FirstOrDefaultAsync(ct);
    }

    public async Task<TimeZoneInfo> TimeZoneOfAsync(Guid? centreId, CancellationToken ct = default)
    {
        var centre = centreId is { } id ? await FindSummaryAsync(id, ct) : null;
        return centre is not null && TimeZoneInfo.TryFindSystemTimeZoneById(centre.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
    }

    public async Task<CentreConfig?> FindConfigAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateSystem<ICentresDb>();
        return await db.Centres.AsNoTracking().Where(c => c.Id == id).Select(c => c.Config).FirstOrDefaultAsync(ct);
    }

    private void EnsureCanSee(Guid id)
    {
        if (!currentUser.IsInRole(Role.CentreAdmin)) { throw new ForbiddenException(); }
        // Another centre's id is answered as missing so its existence does not leak.
        if (currentUser.Role != Role.SuperAdmin && currentUser.CentreId != id) { throw new NotFoundException("Centre"); }
    }

    private static CentreDetail ToDetail(Centre c) =>
        new(c.Id, c.Name, c.Slug, c.TimeZone, c.Currency, c.IsActive, c.CreatedAt, c.Config);

    internal static void Validate(UpdateCentreConfigRequest r)
    {
        var v = new Validator().Text(r);
        if (r.TimeZone is not null)
        {
            v.Check(TimeZoneInfo.TryFindSystemTimeZoneById(r.TimeZone, out _) && r.TimeZone.Contains('/'), "timeZone",
                "Time zone must be an IANA time zone such as Europe/London");
        }
        if (r.Currency is not null)
        {
            v.Check(Common.Money.IsKnownCurrency(r.Currency), "currency", "Currency must be an ISO 4217 code such as GBP");
        }
        if (r.OpeningHours is not null)
        {
            v.Check(r.OpeningHours.Select(h => h.Day).Distinct().Count() == r.OpeningHours.Count, "openingHours", "Each day may appear once");
            for (var i = 0; i < r.OpeningHours.Count; i++)
            {
                var h = r.OpeningHours[i];
                var ok = TimeOnly.TryParseExact(h.Opens, "HH:mm", out var opens) & TimeOnly.TryParseExact(h.Closes, "HH:mm", out var closes);
                v.Check(ok, $"openingHours[{i}]", "Times must be written HH:mm");
                v.Check(!ok || opens < closes, $"openingHours[{i}]", "Opening time must be before closing time");
            }
        }
        if (r.Branding is not null)
        {
            v.Check(r.Branding.DisplayName is null || r.Branding.DisplayName.Length <= 80, "branding.displayName", "Display name must be at most 80 characters");
            v.Check(ColourPattern().IsMatch(r.Branding.PrimaryColour ?? ""), "branding.primaryColour", "Colour must be written #RRGGBB");
            v.Check(r.Branding.LogoUrl is null || (Uri.TryCreate(r.Branding.LogoUrl, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps),
                "branding.logoUrl", "Logo must be an https address");
        }
        if (r.MasteryThresholdPercent is { } mastery)
        {
            v.Check(mastery is >= 50 and <= 100, "masteryThresholdPercent", "Mastery must be between 50% and 100%");
        }
        if (r.SignInNetworks is not null)
        {
            v.Check(r.SignInNetworks.Count <= MaxSignInNetworks, "signInNetworks", $"List at most {MaxSignInNetworks} networks");
            for (var i = 0; i < r.SignInNetworks.Count; i++)
            {
                // No wider than a /16 (IPv4) or /48 (IPv6): a centre's own site, never a provider's or the whole internet.
                var network = CentreNetworks.Parse(r.SignInNetworks[i]);
                v.Check(network is { } n && n.PrefixLength >= (n.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 16 : 48),
                    $"signInNetworks[{i}]", network is null
                        ? "Write a network as an address range such as 203.0.113.0/24 (host bits zero) or a single address"
                        : "A network may be at most a /16 (IPv4) or a /48 (IPv6)");
            }
        }
        if (r.MaxAttemptsPerExercise is { } maxAttempts)
        {
            v.Check(maxAttempts is >= 0 and <= 100, "maxAttemptsPerExercise", "Attempts per exercise must be between 1 and 100, or 0 for unlimited");
        }
        if (r.AnswerReveal is { } reveal)
        {
            v.Check(Enum.IsDefined(reveal), "answerReveal", "Unknown answer reveal rule");
        }
        if (r.Features is not null)
        {
            foreach (var key in r.Features.Keys.Where(k => !CentreFeatures.Keys.Contains(k)))
            {
                v.Check(false, $"features.{key}", $"Unknown feature; known features are {string.Join(", ", CentreFeatures.Keys)}");
            }
        }
        v.ThrowIfInvalid();
    }

    private const int MaxSignInNetworks = 20;

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex ColourPattern();
}
