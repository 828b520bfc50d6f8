using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Parcours.Infrastructure.Email;
using Parcours.Infrastructure.Identity;
using Parcours.Infrastructure.Persistence;
using Parcours.Infrastructure.Workspaces;
using Parcours.Server.Features.Team;
using Parcours.Server.Tests.Api;
using Parcours.Testing;

namespace Parcours.Server.Tests.Team;

/// <summary>The server with a real SMTP server (npm smtp-server) to send its invitations to.</summary>
public sealed class SmtpHost() : ParcoursHost(Infrastructure.Persistence.DatabaseProvider.Sqlite)
{
    public SmtpSink? Sink { get; private set; }

    protected override async Task<IReadOnlyDictionary<string, string?>> ExtraSettingsAsync()
    {
        try
        {
            Sink = await SmtpSink.StartAsync();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new Dictionary<string, string?>();
        }

        return new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = Sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:UseTls"] = "false",
            ["Smtp:FromAddress"] = "equipe@parcours.test",
        };
    }

    public override async ValueTask DisposeAsync()
    {
        if (Sink is not null)
        {
            await Sink.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    public SmtpSink RequireSink()
    {
        SmtpSink.RequireNode();
        return Sink ?? throw new InvalidOperationException("The SMTP sink did not start.");
    }
}

public sealed partial class InvitationTests(SmtpHost host) : IClassFixture<SmtpHost>
{
    [Fact]
    public async Task Invite_EmailsALink_ThatCreatesTheTeammateWithTheRole_Once()
    {
        var sink = host.RequireSink();
        var workspace = await TestWorkspace.CreateAsync(host);
        var address = $"nouvelle.csm.{Guid.NewGuid():N}@client.fr";

        var sent = await InviteAsync(workspace, address, Roles.Csm);

        Assert.True(sent.Invitation.Emailed);
        var email = await sink.WaitForAsync(m => m.To.Contains(address), TimeSpan.FromSeconds(20));
        Assert.Contains("Parcours", email.Subject, StringComparison.Ordinal);
        Assert.StartsWith($"invitation-{sent.Invitation.Id}@", email.MessageId?.Trim('<', '>'), StringComparison.Ordinal);
        var link = LinkInEmail().Match(email.Text!).Value;
        Assert.Equal(sent.Link, link);

        var client = host.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var accepted = await AcceptAsync(client, new Uri(link).PathAndQuery, "Nadia Benali", "Un-mot-de-passe-long-1");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByEmailAsync(address);
            Assert.NotNull(user);
            Assert.Equal(workspace.Workspace.Id, user.WorkspaceId);
            Assert.Equal([Roles.Csm], await users.GetRolesAsync(user));
        }

        var again = await host.App.CreateClient().GetStringAsync(new Uri(link).PathAndQuery, TestContext.Current.CancellationToken);
        Assert.Contains("invalide", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invite_AfterSevenDays_TheLinkHasExpired()
    {
        host.RequireSink();
        var workspace = await TestWorkspace.CreateAsync(host);
        var sent = await InviteAsync(workspace, $"tard.{Guid.NewGuid():N}@client.fr", Roles.Viewer);

        host.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        var page = await host.App.CreateClient().GetStringAsync(new Uri(sent.Link).PathAndQuery, TestContext.Current.CancellationToken);
        Assert.Contains("invalide", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invite_ExistingUserEmail_IsAConflict()
    {
        host.RequireSink();
        var workspace = await TestWorkspace.CreateAsync(host);

        var result = await InviteResultAsync(workspace, workspace.Admin.Email!, Roles.Manager);

        Assert.IsType<Domain.Common.Error.Conflict>(result.Error);
    }

    private async Task<InvitationSent> InviteAsync(TestWorkspace workspace, string address, string role)
    {
        var result = await InviteResultAsync(workspace, address, role);
        Assert.True(result.IsSuccess, result.Error?.Detail);
        return result.Value;
    }

    private async Task<Domain.Common.Result<InvitationSent>> InviteResultAsync(TestWorkspace workspace, string address, string role)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceScope>().Enter(workspace.Workspace.Id);
        return await Invitations.InviteAsync(
            scope.ServiceProvider.GetRequiredService<ParcoursDbContext>(), scope.ServiceProvider.GetRequiredService<EmailSender>(),
            address, role, workspace.Admin.Id, "http://parcours.test", host.Clock, NullLogger.Instance, TestContext.Current.CancellationToken);
    }

    private static async Task<HttpResponseMessage> AcceptAsync(HttpClient client, string pathAndQuery, string name, string password)
    {
        var page = await client.GetStringAsync(pathAndQuery);
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        var invitationToken = InvitationToken().Match(pathAndQuery).Groups[1].Value;
        return await client.PostAsync(pathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "accept",
            ["__RequestVerificationToken"] = token,
            ["Input.Token"] = invitationToken,
            ["Input.DisplayName"] = name,
            ["Input.Password"] = password,
        }));
    }

    [GeneratedRegex(@"http://parcours\.test/account/accept-invitation\?token=[A-Za-z0-9]+")]
    private static partial Regex LinkInEmail();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("token=([A-Za-z0-9]+)")]
    private static partial Regex InvitationToken();
}
