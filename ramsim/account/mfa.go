package account

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"time"
)

// Virtual MFA devices and their binding to users (ram-api.md §3.4).
//
// BindMFADevice checks real TOTP (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits) against the
// device's Base32StringSeed: AuthenticationCode1 and AuthenticationCode2 must be the codes of two
// consecutive steps, the later one no further than one step from the account clock's current
// step and at most ten steps (five minutes) old. Use TOTP to compute codes in tests.

const totpStep = 30 * time.Second

// TOTP is the 6-digit code of a Base32 seed at time t.
func TOTP(seed string, t time.Time) (string, error) {
	k, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(strings.TrimRight(seed, "=")))
	if err != nil {
		return "", fmt.Errorf("account: TOTP seed is not base32: %w", err)
	}
	return totpAt(k, t.Unix()/int64(totpStep/time.Second)), nil
}

func totpAt(k []byte, step int64) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(step))
	h := hmac.New(sha1.New, k)
	h.Write(msg[:])
	sum := h.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", v%1_000_000)
}

// checkTOTP accepts two consecutive codes near now.
func checkTOTP(seed string, now time.Time, code1, code2 string) bool {
	k, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(seed)
	if err != nil {
		return false
	}
	cur := now.Unix() / int64(totpStep/time.Second)
	for s := cur - 10; s <= cur; s++ {
		if hmac.Equal([]byte(totpAt(k, s)), []byte(code1)) && hmac.Equal([]byte(totpAt(k, s+1)), []byte(code2)) {
			return true
		}
	}
	return false
}

func newTOTPSeed() string {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic("account: crypto/rand failed: " + err.Error())
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

// qrCodePNG stands in for the real QR code: a valid, small PNG (base64), not a scannable code.
// Clients that need to enrol an authenticator use Base32StringSeed.
func qrCodePNG() string {
	img := image.NewGray(image.Rect(0, 0, 21, 21))
	for i := range 21 {
		img.Set(i, i, color.White)
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

func getUserMFAInfo(c *call) (any, *Error) {
	u, err := c.existingUser("UserName")
	if err != nil {
		return nil, err
	}
	if u.MFASerial == "" {
		return nil, errNoUserMFA()
	}
	return map[string]any{"MFADevice": mfaView{SerialNumber: u.MFASerial, Type: "VMFA"}}, nil
}

func createVirtualMFADevice(c *call) (any, *Error) {
	name, err := c.requiredName("VirtualMFADeviceName", 64, mfaNameChars)
	if err != nil {
		return nil, err
	}
	if err := c.authorize(c.mfaResource(name)); err != nil {
		return nil, err
	}
	serial := mfaSerial(c.s.AccountID, name)
	for _, d := range c.s.MFADevices {
		if key(d.Name) == key(name) {
			return nil, errConflict("EntityAlreadyExists.VirtualMFADevice", "The virtual MFA device does already EXIST.")
		}
	}
	if len(c.s.MFADevices) >= maxMFADevices {
		return nil, errConflict("LimitExceeded.VirtualMFADevice",
			"The count of virtual MFA devices beyond the current limits (%d).", maxMFADevices)
	}
	d := &mfaDevice{Name: name, Serial: serial, Seed: newTOTPSeed(), Created: c.now}
	c.s.MFADevices[serial] = d
	return map[string]any{"VirtualMFADevice": virtualMFAView{SerialNumber: serial,
		Base32StringSeed: d.Seed, QRCodePNG: qrCodePNG()}}, nil
}

func listVirtualMFADevices(c *call) (any, *Error) {
	if err := c.authorize(c.accountResource()); err != nil {
		return nil, err
	}
	out := mfaList{VirtualMFADevice: make([]virtualMFAView, 0, len(c.s.MFADevices))}
	for _, serial := range sortedKeys(c.s.MFADevices) {
		d := c.s.MFADevices[serial]
		v := virtualMFAView{SerialNumber: d.Serial, ActivateDate: fmtTime(d.Activated)}
		if u := c.s.user(d.User); d.User != "" && u != nil {
			v.User = &userView{UserId: u.ID, UserName: u.Name, DisplayName: u.DisplayName}
		}
		out.VirtualMFADevice = append(out.VirtualMFADevice, v)
	}
	return map[string]any{"VirtualMFADevices": out}, nil
}

// existingDevice validates SerialNumber, authorizes on the device and finds it.
func (c *call) existingDevice() (*mfaDevice, *Error) {
	serial, err := c.required("SerialNumber")
	if err != nil {
		return nil, err
	}
	name := serial[strings.LastIndex(serial, "/")+1:]
	if err := c.authorize(c.mfaResource(name)); err != nil {
		return nil, err
	}
	d := c.s.MFADevices[serial]
	if d == nil {
		return nil, errNotFound("EntityNotExist.VirtualMFADevice", "The virtual MFA device does not exist.")
	}
	return d, nil
}

func deleteVirtualMFADevice(c *call) (any, *Error) {
	d, err := c.existingDevice()
	if err != nil {
		return nil, err
	}
	if d.User != "" {
		return nil, errConflict("DeleteConflict.VirtualMFADevice.User",
			"The virtual MFA device CAN NOT be bound to any user while deleting the device.")
	}
	delete(c.s.MFADevices, d.Serial)
	return map[string]any{}, nil
}

func bindMFADevice(c *call) (any, *Error) {
	code1, err := c.required("AuthenticationCode1")
	if err != nil {
		return nil, err
	}
	code2, err := c.required("AuthenticationCode2")
	if err != nil {
		return nil, err
	}
	if !sixDigits.MatchString(code1) || !sixDigits.MatchString(code2) {
		return nil, errBadRequest("InvalidParameter.AuthenticationCode.Format",
			"The authentication codes must be 6 digits each.")
	}
	if _, err := c.required("SerialNumber"); err != nil {
		return nil, err
	}
	u, err := c.existingUser("UserName")
	if err != nil {
		return nil, err
	}
	d := c.s.MFADevices[c.p("SerialNumber")]
	if d == nil {
		return nil, errNotFound("EntityNotExist.VirtualMFADevice", "The virtual MFA device does not exist.")
	}
	if u.MFASerial != "" {
		return nil, errConflict("EntityAlreadyExists.User.MFADevice", "The user has already bound an MFA device.")
	}
	if d.User != "" {
		return nil, errConflict("EntityAlreadyExists.VirtualMFADevice.User", "The virtual MFA device is already bound to a user.")
	}
	if !checkTOTP(d.Seed, c.now, code1, code2) {
		return nil, errForbidden("CheckAuthenticationCodeFail", "The authentication codes are not valid for the device.")
	}
	d.User, d.Activated = u.Name, c.now
	u.MFASerial = d.Serial
	return map[string]any{}, nil
}

func unbindMFADevice(c *call) (any, *Error) {
	u, err := c.existingUser("UserName")
	if err != nil {
		return nil, err
	}
	if u.MFASerial == "" {
		return nil, errNoUserMFA()
	}
	serial := u.MFASerial
	if d := c.s.MFADevices[serial]; d != nil {
		d.User, d.Activated = "", time.Time{}
	}
	u.MFASerial = ""
	return map[string]any{"MFADevice": mfaView{SerialNumber: serial, Type: "VMFA"}}, nil
}
