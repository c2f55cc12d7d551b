package account

import "time"

// Response shapes. Field names are exactly those of the Go SDK's response structs
// (services/ram/struct_*.go, services/sts); optional fields are omitted when empty, as the
// service does. RequestId is added by the wire layer.

const timeFormat = "2006-01-02T15:04:05Z"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeFormat)
}

// userView's JSON is also written by hand for ListUsers (appendUserJSON, encode.go): a field
// added here must be added there (TestUserJSONIsEncodingJSON fails until it is). ListUsers
// has no LastLoginDate (listView): the service returns it from GetUser only.
type userView struct {
	UserId        string `json:"UserId,omitempty"`
	UserName      string `json:"UserName"`
	DisplayName   string `json:"DisplayName,omitempty"`
	MobilePhone   string `json:"MobilePhone,omitempty"`
	Email         string `json:"Email,omitempty"`
	Comments      string `json:"Comments,omitempty"`
	CreateDate    string `json:"CreateDate,omitempty"`
	UpdateDate    string `json:"UpdateDate,omitempty"`
	LastLoginDate string `json:"LastLoginDate,omitempty"`
	AttachDate    string `json:"AttachDate,omitempty"`
	JoinDate      string `json:"JoinDate,omitempty"`
}

type groupView struct {
	GroupId    string `json:"GroupId,omitempty"`
	GroupName  string `json:"GroupName"`
	Comments   string `json:"Comments"`
	CreateDate string `json:"CreateDate,omitempty"`
	UpdateDate string `json:"UpdateDate,omitempty"`
	AttachDate string `json:"AttachDate,omitempty"`
	JoinDate   string `json:"JoinDate,omitempty"`
}

type roleView struct {
	RoleId                   string `json:"RoleId"`
	RoleName                 string `json:"RoleName"`
	Arn                      string `json:"Arn"`
	Description              string `json:"Description"`
	AssumeRolePolicyDocument string `json:"AssumeRolePolicyDocument,omitempty"`
	MaxSessionDuration       int64  `json:"MaxSessionDuration,omitempty"`
	CreateDate               string `json:"CreateDate,omitempty"`
	UpdateDate               string `json:"UpdateDate,omitempty"`
	AttachDate               string `json:"AttachDate,omitempty"`
}

type policyView struct {
	PolicyName      string `json:"PolicyName"`
	PolicyType      string `json:"PolicyType"`
	Description     string `json:"Description"`
	DefaultVersion  string `json:"DefaultVersion"`
	AttachmentCount *int   `json:"AttachmentCount,omitempty"`
	CreateDate      string `json:"CreateDate,omitempty"`
	UpdateDate      string `json:"UpdateDate,omitempty"`
	AttachDate      string `json:"AttachDate,omitempty"`
}

type versionView struct {
	VersionId        string `json:"VersionId"`
	IsDefaultVersion bool   `json:"IsDefaultVersion"`
	PolicyDocument   string `json:"PolicyDocument"`
	CreateDate       string `json:"CreateDate"`
}

type keyView struct {
	AccessKeyId     string `json:"AccessKeyId"`
	AccessKeySecret string `json:"AccessKeySecret,omitempty"`
	Status          string `json:"Status"`
	CreateDate      string `json:"CreateDate"`
}

type loginProfileView struct {
	UserName              string `json:"UserName"`
	PasswordResetRequired bool   `json:"PasswordResetRequired"`
	MFABindRequired       bool   `json:"MFABindRequired"`
	CreateDate            string `json:"CreateDate"`
}

type mfaView struct {
	SerialNumber string `json:"SerialNumber"`
	Type         string `json:"Type"`
}

type virtualMFAView struct {
	SerialNumber     string    `json:"SerialNumber"`
	Base32StringSeed string    `json:"Base32StringSeed,omitempty"`
	QRCodePNG        string    `json:"QRCodePNG,omitempty"`
	ActivateDate     string    `json:"ActivateDate,omitempty"`
	User             *userView `json:"User,omitempty"`
}

// Generic wrappers for the SDK's list nesting: {"Users":{"User":[...]}}.
type (
	usersList    struct{ User []userView }
	groupsList   struct{ Group []groupView }
	rolesList    struct{ Role []roleView }
	policiesList struct{ Policy []policyView }
	versionsList struct{ PolicyVersion []versionView }
	keysList     struct{ AccessKey []keyView }
	mfaList      struct{ VirtualMFADevice []virtualMFAView }
)

// page is the common shape of paginated lists.
type page struct {
	IsTruncated bool   `json:"IsTruncated"`
	Marker      string `json:"Marker"`
}

func statusText(active bool) string {
	if active {
		return "Active"
	}
	return "Inactive"
}

// listView is a user as ListUsers returns it: no LastLoginDate (RAM 2015-05-01's documented
// response; the audit reads it with GetUser where it matters).
func (u *user) listView() userView {
	v := u.view()
	v.LastLoginDate = ""
	return v
}

func (u *user) view() userView {
	return userView{
		UserId: u.ID, UserName: u.Name, DisplayName: u.DisplayName, MobilePhone: u.MobilePhone,
		Email: u.Email, Comments: u.Comments, CreateDate: fmtTime(u.Created),
		UpdateDate: fmtTime(u.Updated), LastLoginDate: fmtTime(u.LastLogin),
	}
}

func (g *group) view() groupView {
	return groupView{GroupId: g.ID, GroupName: g.Name, Comments: g.Comments,
		CreateDate: fmtTime(g.Created), UpdateDate: fmtTime(g.Updated)}
}

func (r *role) view(accountID string) roleView {
	return roleView{
		RoleId: r.ID, RoleName: r.Name, Arn: roleARN(accountID, r.Name), Description: r.Description,
		AssumeRolePolicyDocument: r.TrustPolicy, MaxSessionDuration: r.MaxSessionDuration,
		CreateDate: fmtTime(r.Created), UpdateDate: fmtTime(r.Updated),
	}
}

func (p *policyEnt) view() policyView {
	n := p.Attachments
	return policyView{
		PolicyName: p.Name, PolicyType: p.Type, Description: p.Description,
		DefaultVersion: p.DefaultVersion, AttachmentCount: &n,
		CreateDate: fmtTime(p.Created), UpdateDate: fmtTime(p.Updated),
	}
}

func (p *policyEnt) versionView(v *policyVersion) versionView {
	return versionView{VersionId: v.ID, IsDefaultVersion: v.ID == p.DefaultVersion,
		PolicyDocument: v.Document, CreateDate: fmtTime(v.Created)}
}

func (k *accessKey) view() keyView {
	return keyView{AccessKeyId: k.ID, Status: statusText(k.Active), CreateDate: fmtTime(k.Created)}
}

func roleARN(accountID, name string) string   { return "acs:ram::" + accountID + ":role/" + name }
func userARN(accountID, name string) string   { return "acs:ram::" + accountID + ":user/" + name }
func mfaSerial(accountID, name string) string { return "acs:ram::" + accountID + ":mfa/" + name }
