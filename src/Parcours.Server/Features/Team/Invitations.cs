using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Parcours.Domain.Common;
using Parcours.Infrastructure.Email;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Persistence;
using Parcours.Server.Features.Shared;

namespace Parcours.Server.Features.Team;

public sealed record InvitationResponse(Guid Id, string Email, string Role, DateTime CreatedAt, DateTime ExpiresAt, bool Emailed);

/// <summary>The result of an invitation: the link is returned so an admin can hand it over when no SMTP server is set up.</summary>
public sealed record InvitationSent(InvitationResponse Invitation, string Link);

public sealed record InvitationPreview(string WorkspaceName, string Email, string Role);

/// <summary>Invite a teammate by email link, and accept the invitation. The link's token is random; only its hash is stored.</summary>
public static partial class Invitations
{
    public static readonly TimeSpan Validity = TimeSpan.FromDays(7);

    public static async Task<Result<InvitationSent>> InviteAsync(
        ParcoursDbContext db, EmailSender email, string? address, string role, Guid invitedBy, string baseUrl, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        var cleanEmail = Values.Email("email", address);
        if (cleanEmail.Error is { } invalid || cleanEmail.Value is null)
        {
            return cleanEmail.Error ?? new Error.Invalid("required", "email is required.", "email");
        }

        if (!Roles.IsKnown(role))
        {
            return new Error.Invalid("invalid_role", $"role must be one of {string.Join(", ", Roles.All)}.", "role");
        }

        var normalized = cleanEmail.Value.ToUpperInvariant();
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, ct))
        {
            return new Error.Conflict("already_member", $"{cleanEmail.Value} already has a Parcours account.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var token = Secrets.Random(40);
        var invitation = new Invitation
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            WorkspaceId = db.CurrentWorkspaceId,
            Email = cleanEmail.Value,
            Role = role,
            TokenHash = Secrets.Hash(token),
            InvitedById = invitedBy,
            CreatedAt = now,
            ExpiresAt = now + Validity,
        };
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync(ct);

        var link = $"{baseUrl.TrimEnd('/')}/account/accept-invitation?token={token}";
        var emailed = false;
        if (email.IsConfigured)
        {
            try
            {
                await email.SendAsync(InvitationEmail(invitation, link), ct);
                emailed = true;
            }
            catch (Exception e) when (e is MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException or System.Net.Sockets.SocketException or IOException)
            {
                // The invitation stands: the admin still gets the link to hand over.
                Log.InvitationEmailFailed(logger, invitation.Id, e);
            }
        }

        return new InvitationSent(new InvitationResponse(invitation.Id, invitation.Email, role, now, invitation.ExpiresAt, emailed), link);
    }

    public static async Task<Result<InvitationPreview>> PreviewAsync(ParcoursDbContext db, string? token, TimeProvider clock, CancellationToken ct)
    {
        var found = await FindOpenAsync(db, token, clock, ct);
        if (found.Error is { } error)
        {
            return error;
        }

        var workspace = await db.Workspaces.SingleAsync(w => w.Id == found.Value.WorkspaceId, ct);
        return new InvitationPreview(workspace.Name, found.Value.Email, found.Value.Role);
    }

    public static async Task<Result<AppUser>> AcceptAsync(
        ParcoursDbContext db, UserManager<AppUser> users, string? token, string? displayName, string? password, TimeProvider clock, CancellationToken ct)
    {
        var found = await FindOpenAsync(db, token, clock, ct);
        if (found.Error is { } error)
        {
            return error;
        }

        var invitation = found.Value;
        var name = Values.RequiredText("displayName", displayName, Values.MaxShortText);
        if (name.Error is { } invalidName)
        {
            return invalidName;
        }

        var user = new AppUser
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            WorkspaceId = invitation.WorkspaceId,
            UserName = invitation.Email,
            Email = invitation.Email,
            EmailConfirmed = true,
            DisplayName = name.Value,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, password ?? "");
        if (!created.Succeeded)
        {
            return new Error.Validation(created.Errors.Select(e => new Error.Invalid(e.Code, e.Description, "password")).ToArray());
        }

        await users.AddToRoleAsync(user, invitation.Role);
        invitation.AcceptedAt = clock.GetUtcNow().UtcDateTime;
        db.Scope.Enter(invitation.WorkspaceId);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return user;
    }

    public static async Task<List<InvitationResponse>> ListOpenAsync(ParcoursDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Invitations.AsNoTracking()
            .Where(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .OrderByDescending(i => i.CreatedAt)
            .Select(i => new InvitationResponse(i.Id, i.Email, i.Role, i.CreatedAt, i.ExpiresAt, false))
            .ToListAsync(ct);
    }

    public static async Task RevokeAsync(ParcoursDbContext db, Guid id, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Invitations.Where(i => i.Id == id && i.AcceptedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now), ct);
    }

    /// <summary>The invitation a token opens. Looked up across workspaces: the person is not signed in yet.</summary>
    private static async Task<Result<Invitation>> FindOpenAsync(ParcoursDbContext db, string? token, TimeProvider clock, CancellationToken ct)
    {
        var gone = new Error.NotFound("invitation_invalid", "This invitation link is unknown, already used, revoked or expired. Ask your admin for a new one.");
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return gone;
        }

        var hash = Secrets.Hash(token);
        var invitation = await db.Invitations.IgnoreQueryFilters().SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        return invitation is not null && invitation.IsOpen(clock.GetUtcNow().UtcDateTime) ? invitation : gone;
    }

    private static OutgoingEmail InvitationEmail(Invitation invitation, string link)
    {
        var safeLink = WebUtility.HtmlEncode(link);
        return new OutgoingEmail(
            invitation.Email,
            "Invitation à rejoindre Parcours / You are invited to Parcours",
            $"Vous êtes invité·e à rejoindre votre équipe sur Parcours ({invitation.Role}).\nOuvrez ce lien pour créer votre accès (valable 7 jours) :\n{link}\n\n" +
            $"You are invited to join your team on Parcours ({invitation.Role}).\nOpen this link to set up your access (valid 7 days):\n{link}\n",
            $"<p>Vous êtes invité·e à rejoindre votre équipe sur <strong>Parcours</strong> ({invitation.Role}).</p>" +
            $"<p><a href=\"{safeLink}\">Créer mon accès / Set up my access</a></p><p>Lien valable 7 jours. Link valid 7 days.</p>",
            $"invitation-{invitation.Id}");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Invitation {InvitationId} created but its email could not be sent")]
        public static partial void InvitationEmailFailed(ILogger logger, Guid invitationId, Exception exception);
    }
}
